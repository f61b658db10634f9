-- Insights: markers grouped across sessions (same error, same failing endpoint) by a key the writer
-- derives from the marker (network: "METHOD /path"; others: the label). Older rows keep NULL and are
-- grouped by their label instead.
ALTER TABLE rl_markers ADD COLUMN group_key VARCHAR(512);
CREATE INDEX rl_markers_kind_ts ON rl_markers (project, kind, ts);
