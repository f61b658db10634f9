-- The page each tab (window) of a session is on, kept across batches and instances: a later batch
-- from a blocked page carries no Meta event, and a page load is a new page only when it differs from
-- the tab's previous one. Written only when the page changes. page_key is a digest, never the URL.
CREATE TABLE rl_page_states (
  project    VARCHAR(64)  NOT NULL,
  session_id VARCHAR(128) NOT NULL,
  window_id  VARCHAR(128) NOT NULL,
  seq        BIGINT       NOT NULL,
  page_key   VARCHAR(64)  NOT NULL,
  blocked    BOOLEAN      NOT NULL,
  updated_at BIGINT       NOT NULL,
  PRIMARY KEY (project, session_id, window_id)
);
CREATE INDEX rl_page_states_updated ON rl_page_states (project, updated_at);
