-- Retention deletes expired batch keys by receive time, in bounded chunks: this index finds them
-- without scanning every key of the project.
CREATE INDEX rl_batches_received ON rl_batches (project, received_at);

-- Rate limits shared by all instances: fixed one-second windows. Each instance claims tokens of a
-- window in small chunks with one conditional UPDATE (or the INSERT that opens the window), so the
-- claims of all instances never add up to more than the window's limit. Old windows are swept.
CREATE TABLE rl_rate_windows (
  name         VARCHAR(200) NOT NULL,
  window_start BIGINT       NOT NULL,
  claimed      INT          NOT NULL,
  PRIMARY KEY (name, window_start)
);
CREATE INDEX rl_rate_windows_start ON rl_rate_windows (window_start);

-- Failed UI sign-ins, shared by all instances so that the throttle holds behind a load balancer.
CREATE TABLE rl_login_failures (
  client    VARCHAR(64) NOT NULL,
  failed_at BIGINT      NOT NULL
);
CREATE INDEX rl_login_failures_client ON rl_login_failures (client, failed_at);
CREATE INDEX rl_login_failures_at ON rl_login_failures (failed_at);
