-- Leases for periodic jobs, so that with several instances a job runs on one at a time.
CREATE TABLE rl_job_leases (
  name         VARCHAR(64)  PRIMARY KEY,
  owner        VARCHAR(128) NOT NULL,
  locked_until BIGINT       NOT NULL
);
