package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.PageState;
import dev.replaylink.service.model.WindowPage;
import dev.replaylink.service.storage.PageStateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The {@code rl_page_states} table: one row per window, the newest batch's page winning. */
final class PageStateRows implements PageStateStore {
  private final Sql sql;

  PageStateRows(Sql sql) {
    this.sql = sql;
  }

  /** The window's row and whether its session's row exists (and has an entry page), in one read. */
  private static final String READ =
      "SELECT 0, seq, page_key, blocked FROM rl_page_states WHERE project = ? AND session_id = ? AND window_id = ?"
          + " UNION ALL SELECT 1, 0, CAST(NULL AS VARCHAR(64)), entry_url IS NOT NULL FROM rl_sessions"
          + " WHERE project = ? AND session_id = ?";

  @Override
  public WindowPage windowPage(String project, String sessionId, String windowId) {
    return sql.connection(
        "read the page state of a window",
        c -> {
          PageState current = null;
          boolean stored = false;
          boolean hasEntry = false;
          for (Object[] row :
              Sql.query(
                  c,
                  READ,
                  List.of(project, sessionId, windowId, project, sessionId),
                  rs ->
                      new Object[] {
                        rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4)
                      })) {
            if ((Integer) row[0] == 0) {
              current = new PageState((Long) row[1], (String) row[2], (Boolean) row[3]);
            } else {
              stored = true;
              hasEntry = (Boolean) row[3];
            }
          }
          return new WindowPage(current, hasEntry, stored);
        });
  }

  /**
   * Stores the window's page unless a batch with a higher seq stored one already (batches of a
   * window can arrive out of order when retried). Part of the batch's transaction. A window that
   * had no row when the batch was walked is inserted first, any other updated first; the other
   * statement follows only when the first changed nothing.
   */
  static void write(Connection c, IndexedBatch batch) throws SQLException {
    PageState s = batch.pageState();
    if (s == null) {
      return;
    }
    boolean likelyNew = batch.storedBefore() != null && batch.storedBefore().current() == null;
    if (likelyNew && insertIfAbsent(c, batch, s)) {
      return;
    }
    if (update(c, batch, s) || likelyNew) {
      return; // updated, or a row of the window exists and a later batch stored its page
    }
    insertIfAbsent(c, batch, s); // false: a later batch of the window was stored first
  }

  private static boolean update(Connection c, IndexedBatch batch, PageState s) throws SQLException {
    return Sql.update(
            c,
            "UPDATE rl_page_states SET seq = ?, page_key = ?, blocked = ?, updated_at = ?"
                + " WHERE project = ? AND session_id = ? AND window_id = ? AND seq < ?",
            s.seq(),
            s.pageKey(),
            s.blocked(),
            batch.receivedAt(),
            batch.project(),
            batch.sessionId(),
            batch.windowId(),
            s.seq())
        > 0;
  }

  /**
   * Inserts the window's row unless one exists. A concurrent first write makes this a unique
   * violation; the transaction's retry then finds the row.
   */
  private static boolean insertIfAbsent(Connection c, IndexedBatch batch, PageState s)
      throws SQLException {
    return Sql.update(
            c,
            "INSERT INTO rl_page_states (project, session_id, window_id, seq, page_key, blocked, updated_at)"
                + " SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                + " CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS BOOLEAN), CAST(? AS BIGINT)"
                + " WHERE NOT EXISTS (SELECT 1 FROM rl_page_states WHERE project = ? AND session_id = ? AND window_id = ?)",
            batch.project(),
            batch.sessionId(),
            batch.windowId(),
            s.seq(),
            s.pageKey(),
            s.blocked(),
            batch.receivedAt(),
            batch.project(),
            batch.sessionId(),
            batch.windowId())
        > 0;
  }

  /**
   * Forgets windows whose page has not changed since {@code cutoff}, including those of sessions
   * never stored.
   */
  static int purgeBefore(Connection c, String project, long cutoff) throws SQLException {
    return Sql.update(
        c, "DELETE FROM rl_page_states WHERE project = ? AND updated_at < ?", project, cutoff);
  }
}
