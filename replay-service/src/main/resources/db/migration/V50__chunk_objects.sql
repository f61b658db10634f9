-- Recordings in object storage (replaylink.storage.recordings.type: s3): a chunk's bytes are either in
-- payload (the database store) or at byte_offset, byte_length in the object object_key; the row is the
-- chunk index either way. codec is the chunk's format byte (ChunkCodec), kept so a reader knows what a
-- range holds without fetching it.
ALTER TABLE rl_chunks ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE rl_chunks ADD COLUMN object_key VARCHAR(1024);
ALTER TABLE rl_chunks ADD COLUMN byte_offset BIGINT;
ALTER TABLE rl_chunks ADD COLUMN byte_length INT;
ALTER TABLE rl_chunks ADD COLUMN codec SMALLINT;
-- the orphan sweep asks, for each listed object, whether any chunk still points at it
CREATE INDEX rl_chunks_object ON rl_chunks (object_key);

-- Objects whose chunks are gone (session deleted, window compacted into a new object), queued in the
-- transaction that removed their last row and deleted from the bucket after it commits; a delete that
-- fails stays queued for the next run.
CREATE TABLE rl_object_deletes (
  object_key VARCHAR(1024) NOT NULL PRIMARY KEY,
  queued_at  BIGINT        NOT NULL
);
