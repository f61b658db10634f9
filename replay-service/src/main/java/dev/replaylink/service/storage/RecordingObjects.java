package dev.replaylink.service.storage;

import java.util.Collection;

/**
 * Upkeep of recordings kept in the object store ({@code replaylink.storage.recordings.type: s3}):
 * queued deletes, the orphan sweep and moving chunks out of the database. Blocks on I/O; throws
 * {@link StorageException} when the database or the object store fails, having lost nothing.
 */
public interface RecordingObjects {

  /** Deletes up to {@code limit} queued objects of deleted or compacted chunks. @return how many */
  int deleteQueued(int limit);

  /**
   * Looks at up to {@code limit} objects after {@code startAfter} (null = from the first) and
   * deletes those written before {@code writtenBefore} (epoch ms) that no chunk points at: uploads
   * whose metadata was never committed.
   */
  Sweep sweepOrphans(String startAfter, int limit, long writtenBefore);

  /**
   * Moves the chunks of up to {@code sessions} sessions of the projects whose bytes are still in
   * the database into the object store, one window per transaction; reads return the same events
   * before, during and after. Resumable: each call continues with what is left.
   */
  Migration migrateFromDatabase(Collection<String> projects, int sessions);

  /**
   * @param next where the next sweep continues, null when this one reached the end of the bucket
   */
  record Sweep(int listed, int deleted, String next) {}

  /**
   * @param remainingChunks chunks of the projects still in the database after this call
   */
  record Migration(int sessions, int chunks, long bytes, long remainingChunks) {}
}
