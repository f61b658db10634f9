package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.DeletionStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** Deletes sessions with everything of them, one short transaction per session. */
final class JdbcDeletion implements DeletionStore {
  /** Every table with rows of a session, the session row last. */
  private static final List<String> SESSION_TABLES =
      List.of(
          "rl_chunks",
          "rl_markers",
          "rl_trace_links",
          "rl_page_states",
          "rl_batches",
          // rl_span_sessions before the other span tables: span writers lock it first
          // (JdbcSpanStore)
          "rl_span_sessions",
          "rl_span_traces",
          "rl_spans");

  private final Sql sql;

  JdbcDeletion(Sql sql) {
    this.sql = sql;
  }

  @Override
  public boolean deleteSession(String project, String sessionId) {
    return sql.transaction("delete session", c -> deleteRows(c, project, sessionId, null));
  }

  @Override
  public int deleteUserSessions(Collection<String> projects, String userId) {
    int deleted = 0;
    for (String project : projects) {
      List<String> ids =
          sql.connection(
              "find user sessions",
              c ->
                  Sql.query(
                      c,
                      "SELECT session_id FROM rl_sessions WHERE project = ? AND user_id = ?",
                      List.of(project, userId),
                      rs -> rs.getString(1)));
      for (String id : ids) {
        deleted += deleteSession(project, id) ? 1 : 0;
      }
    }
    return deleted;
  }

  @Override
  public int purgeEndedBefore(String project, long cutoff, int limit) {
    List<String> ids =
        sql.connection(
            "find expired sessions",
            c ->
                Sql.query(
                    c,
                    "SELECT session_id FROM rl_sessions WHERE project = ? AND ended_at < ? ORDER BY ended_at LIMIT ?",
                    List.of(project, cutoff, limit),
                    rs -> rs.getString(1)));
    int purged = 0;
    for (String id : ids) {
      purged += purgeSession(project, id, cutoff) ? 1 : 0;
    }
    sql.transaction("purge page states", c -> PageStateRows.purgeBefore(c, project, cutoff));
    return purged;
  }

  /** Deletes the session if, once its row is locked, it still ended before {@code cutoff}. */
  boolean purgeSession(String project, String sessionId, long cutoff) {
    return sql.transaction("purge session", c -> deleteRows(c, project, sessionId, cutoff));
  }

  @Override
  public int purgeBatchKeysBefore(String project, long cutoff, int limit) {
    return sql.transaction(
        "purge batch keys",
        c -> {
          List<Object[]> keys =
              Sql.query(
                  c,
                  "SELECT session_id, window_id, seq FROM rl_batches WHERE project = ? AND received_at < ?"
                      + " ORDER BY received_at LIMIT ?",
                  List.of(project, cutoff, limit),
                  rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
          for (Object[] k : keys) {
            Sql.update(
                c,
                "DELETE FROM rl_batches WHERE project = ? AND session_id = ? AND window_id = ? AND seq = ? AND received_at < ?",
                project,
                k[0],
                k[1],
                k[2],
                cutoff);
          }
          return keys.size();
        });
  }

  /**
   * Deletes everything of a session; with {@code endedBefore}, only if the session exists and,
   * under its row lock, still ended before that (a batch stored since the caller looked may have
   * extended it).
   */
  private static boolean deleteRows(
      Connection c, String project, String sessionId, Long endedBefore) throws SQLException {
    // The session row first, as writers and compaction take it before touching chunks: no deadlock,
    // and no chunk written or merged meanwhile is left behind.
    Long ended = SessionRows.lock(c, project, sessionId);
    if (endedBefore != null && (ended == null || ended >= endedBefore)) {
      return false;
    }
    // objects of the session's chunks (object store) go with the rows, deleted from the bucket
    // after commit
    ObjectDeletes.queueSession(c, project, sessionId, System.currentTimeMillis());
    for (String table : SESSION_TABLES) {
      Sql.update(
          c, "DELETE FROM " + table + " WHERE project = ? AND session_id = ?", project, sessionId);
    }
    return Sql.update(
            c, "DELETE FROM rl_sessions WHERE project = ? AND session_id = ?", project, sessionId)
        > 0;
  }
}
