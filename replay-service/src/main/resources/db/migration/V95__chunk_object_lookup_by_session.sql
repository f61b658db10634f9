-- Recordings in object storage: the index of rl_chunks by object_key held the whole key (prefix, project,
-- date, session, window and name) once more for every chunk, about a quarter of what the chunk index
-- takes in the database while a session is still recording. The two lookups that used it (is a listed
-- object still referenced; is a compacted window's old object still referenced) now go through the
-- session's chunks instead, by the project and session every object key names (rl_chunks_session).
DROP INDEX IF EXISTS rl_chunks_object;
