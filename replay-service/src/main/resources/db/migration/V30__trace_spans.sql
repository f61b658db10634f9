-- Spans of traces linked to recorded sessions, for the replay page's trace view. Kept per session
-- (a trace seen in two sessions is kept for each), deleted with the session, bounded per trace
-- (replaylink.traces.max-spans-per-trace) and per session (replaylink.traces.max-traces-per-session).
-- attributes and events are JSON text, already capped in size by the receiver.

-- One row per session that received spans: the trace count the session limit is checked against, and
-- the lock that serialises concurrent exports to one session. Spans can arrive before the session's
-- first batch; rows whose session is still not recorded some minutes after created_at are swept.
CREATE TABLE rl_span_sessions (
  project       VARCHAR(64)  NOT NULL,
  session_id    VARCHAR(128) NOT NULL,
  trace_count   INT          NOT NULL,
  dropped_spans BIGINT       NOT NULL,
  created_at    BIGINT       NOT NULL,
  PRIMARY KEY (project, session_id)
);
CREATE INDEX rl_span_sessions_created ON rl_span_sessions (created_at);

-- One row per (session, trace): kept = false when the session already held its limit of traces, so
-- its spans are only counted.
CREATE TABLE rl_span_traces (
  project       VARCHAR(64)  NOT NULL,
  session_id    VARCHAR(128) NOT NULL,
  trace_id      VARCHAR(32)  NOT NULL,
  kept          BOOLEAN      NOT NULL,
  span_count    INT          NOT NULL,
  dropped_spans BIGINT       NOT NULL,
  created_at    BIGINT       NOT NULL,
  PRIMARY KEY (project, session_id, trace_id)
);

CREATE TABLE rl_spans (
  project        VARCHAR(64)     NOT NULL,
  session_id     VARCHAR(128)    NOT NULL,
  trace_id       VARCHAR(32)     NOT NULL,
  span_id        VARCHAR(16)     NOT NULL,
  parent_span_id VARCHAR(16),
  service        VARCHAR(256)    NOT NULL,
  name           VARCHAR(512)    NOT NULL,
  kind           VARCHAR(16)     NOT NULL,
  start_nanos    BIGINT          NOT NULL,
  duration_nanos BIGINT          NOT NULL,
  status         VARCHAR(8)      NOT NULL,
  status_message VARCHAR(1024),
  attributes     VARCHAR(1000000) NOT NULL,
  events         VARCHAR(1000000) NOT NULL,
  browser        VARCHAR(1000000),
  PRIMARY KEY (project, session_id, trace_id, span_id)
);
