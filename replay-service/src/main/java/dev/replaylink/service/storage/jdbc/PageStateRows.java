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

  @Override
  public WindowPage windowPage(String project, String sessionId, String windowId) {
    return sql.connection(
        "read the page state of a window",
        c -> {
          PageState current =
              Sql.single(
                  c,
                  "SELECT seq, page_key, blocked FROM rl_page_states WHERE project = ? AND session_id = ? AND window_id = ?",
                  List.of(project, sessionId, windowId),
                  rs -> new PageState(rs.getLong(1), rs.getString(2), rs.getBoolean(3)));
          boolean hasEntry =
              Sql.single(
                      c,
                      "SELECT 1 FROM rl_sessions WHERE project = ? AND session_id = ? AND entry_url IS NOT NULL",
                      List.of(project, sessionId),
                      rs -> true)
                  != null;
          return new WindowPage(current, hasEntry);
        });
  }

  /**
   * Stores the window's page unless a batch with a higher seq stored one already (batches of a
   * window can arrive out of order when retried). Part of the batch's transaction.
   */
  static void write(Connection c, IndexedBatch batch) throws SQLException {
    PageState s = batch.pageState();
    if (s == null) {
      return;
    }
    if (Sql.update(
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
        > 0) {
      return;
    }
    if (Sql.single(
            c,
            "SELECT 1 FROM rl_page_states WHERE project = ? AND session_id = ? AND window_id = ?",
            List.of(batch.project(), batch.sessionId(), batch.windowId()),
            rs -> true)
        != null) {
      return; // a later batch of the window was stored first
    }
    // a concurrent first write makes this a unique violation; the transaction's retry then updates
    // instead
    Sql.update(
        c,
        "INSERT INTO rl_page_states (project, session_id, window_id, seq, page_key, blocked, updated_at) VALUES (?,?,?,?,?,?,?)",
        batch.project(),
        batch.sessionId(),
        batch.windowId(),
        s.seq(),
        s.pageKey(),
        s.blocked(),
        batch.receivedAt());
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
