-- Newest-first listing and time windows within the caller's projects read this index instead of
-- scanning every session.
CREATE INDEX rl_sessions_project_started ON rl_sessions (project, started_at, session_id);
