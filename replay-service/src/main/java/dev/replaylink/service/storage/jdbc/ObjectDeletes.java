package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue of objects to delete ({@code rl_object_deletes}): filled in the transaction that
 * removes the last chunk row pointing at an object, so the object stops being read at once, and
 * drained after it commits by batched deletes. A drain that fails leaves the rest queued for the
 * next one.
 */
final class ObjectDeletes {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectDeletes.class);

  /** Keys deleted per drain step (one DeleteObjects request). */
  static final int STEP = 1000;

  private ObjectDeletes() {}

  /**
   * Queues the objects of a session's chunks, before its chunk rows are deleted in the same
   * transaction.
   */
  static void queueSession(Connection c, String project, String sessionId, long now)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO rl_object_deletes (object_key, queued_at) SELECT DISTINCT k.object_key, ? FROM rl_chunks k"
            + " WHERE k.project = ? AND k.session_id = ? AND k.object_key IS NOT NULL"
            + " AND NOT EXISTS (SELECT 1 FROM rl_object_deletes d WHERE d.object_key = k.object_key)",
        now,
        project,
        sessionId);
  }

  /**
   * Queues the objects among {@code keys}, objects of the session's chunks, that no chunk row
   * points at any more.
   */
  static void queueUnreferenced(
      Connection c, String project, String sessionId, List<String> keys, long now)
      throws SQLException {
    for (String key : keys) {
      if (Sql.number(
                  c,
                  "SELECT COUNT(*) FROM rl_chunks WHERE project = ? AND session_id = ? AND"
                      + " object_key = ?",
                  List.of(project, sessionId, key))
              == 0
          && Sql.number(
                  c, "SELECT COUNT(*) FROM rl_object_deletes WHERE object_key = ?", List.of(key))
              == 0) {
        Sql.update(
            c, "INSERT INTO rl_object_deletes (object_key, queued_at) VALUES (?,?)", key, now);
      }
    }
  }

  /**
   * Deletes queued objects, up to {@code limit}, and their queue rows. @return how many were
   * deleted; throws {@link StorageException} when the store fails (those not deleted stay queued)
   */
  static int drain(Sql sql, ObjectStore objects, int limit) {
    int done = 0;
    while (done < limit) {
      int step = Math.min(STEP, limit - done);
      List<String> keys =
          sql.connection(
              "list objects to delete",
              c ->
                  Sql.query(
                      c,
                      "SELECT object_key FROM rl_object_deletes ORDER BY queued_at LIMIT ?",
                      List.of(step),
                      rs -> rs.getString(1)));
      if (keys.isEmpty()) {
        break;
      }
      objects.delete(keys);
      sql.transaction(
          "dequeue deleted objects",
          c -> {
            List<Object> args = new ArrayList<>();
            return Sql.update(
                c,
                "DELETE FROM rl_object_deletes WHERE " + Sql.in("object_key", keys, args),
                args.toArray());
          });
      done += keys.size();
      if (keys.size() < step) {
        break;
      }
    }
    return done;
  }

  /**
   * {@link #drain} that logs a failure instead of throwing: the objects stay queued for the next
   * run.
   */
  static void drainQuietly(Sql sql, ObjectStore objects, int limit) {
    try {
      drain(sql, objects, limit);
    } catch (StorageException e) {
      LOG.warn(
          "Could not delete objects of deleted recordings; they stay queued for the next run", e);
    }
  }
}
