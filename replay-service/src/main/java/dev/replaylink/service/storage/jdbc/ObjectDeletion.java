package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.DeletionStore;
import dev.replaylink.service.storage.ObjectStore;
import java.util.Collection;

/**
 * Deletion with the recordings in the object store: the rows go as in the database store, in the
 * same transaction that queues their objects ({@link ObjectDeletes}), so a deleted session is
 * unreadable at once; the objects are then deleted in batches. When the store fails they stay
 * queued, and the next deletion, retention run or sweep deletes them.
 */
final class ObjectDeletion implements DeletionStore {
  /** Objects deleted after one call at most; the rest wait for the next call or the sweep. */
  static final int DRAIN_LIMIT = 10_000;

  private final JdbcDeletion rows;
  private final Sql sql;
  private final ObjectStore objects;

  ObjectDeletion(Sql sql, ObjectStore objects) {
    this.rows = new JdbcDeletion(sql);
    this.sql = sql;
    this.objects = objects;
  }

  @Override
  public boolean deleteSession(String project, String sessionId) {
    boolean deleted = rows.deleteSession(project, sessionId);
    ObjectDeletes.drainQuietly(sql, objects, DRAIN_LIMIT);
    return deleted;
  }

  @Override
  public int deleteUserSessions(Collection<String> projects, String userId) {
    int deleted = rows.deleteUserSessions(projects, userId);
    ObjectDeletes.drainQuietly(sql, objects, DRAIN_LIMIT);
    return deleted;
  }

  @Override
  public int purgeEndedBefore(String project, long cutoff, int limit) {
    int purged = rows.purgeEndedBefore(project, cutoff, limit);
    ObjectDeletes.drainQuietly(sql, objects, DRAIN_LIMIT);
    return purged;
  }

  @Override
  public int purgeBatchKeysBefore(String project, long cutoff, int limit) {
    return rows.purgeBatchKeysBefore(project, cutoff, limit);
  }
}
