-- A session's summary counts its navigation and error-click markers (pages visited, error clicks).
-- With only (project, session_id, ts) and (project, kind, ts) to choose from, H2 read every marker of
-- that kind in the project for each session row: one session's detail or a page of search results
-- then cost a scan of the project's navigation markers per row. This index finds them by session.
CREATE INDEX rl_markers_session_kind ON rl_markers (project, session_id, kind);
