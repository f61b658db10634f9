-- Compaction: once a session has been quiet for a while, a background job merges its chunks so that
-- each window holds one chunk per checkout. compaction_due is set by every write that adds chunks and
-- cleared by the job when nothing is left to merge; (compaction_due, updated_at) finds the sessions to
-- visit without scanning the ones already done. Existing sessions start out due.
ALTER TABLE rl_sessions ADD COLUMN compaction_due BOOLEAN DEFAULT TRUE NOT NULL;
CREATE INDEX rl_sessions_compaction ON rl_sessions (compaction_due, updated_at);
