package dev.replaylink.service.storage;

import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.PageState;
import dev.replaylink.service.model.WindowPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The {@code rl_page_states} table: one row per window, the newest batch's page winning. */
final class JdbcPageStates {
  private final DataSource dataSource;

  JdbcPageStates(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  WindowPage read(String project, String sessionId, String windowId) {
    try (Connection c = dataSource.getConnection()) {
      PageState current = null;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT seq, page_key, blocked FROM rl_page_states WHERE project = ? AND session_id = ? AND window_id = ?")) {
        ps.setString(1, project);
        ps.setString(2, sessionId);
        ps.setString(3, windowId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            current = new PageState(rs.getLong(1), rs.getString(2), rs.getBoolean(3));
          }
        }
      }
      boolean hasEntry;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT 1 FROM rl_sessions WHERE project = ? AND session_id = ? AND entry_url IS NOT NULL")) {
        ps.setString(1, project);
        ps.setString(2, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
          hasEntry = rs.next();
        }
      }
      return new WindowPage(current, hasEntry);
    } catch (SQLException e) {
      throw new StorageException("Could not read the page state of a window", e);
    }
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
    try (PreparedStatement ps = c.prepareStatement("UPDATE rl_page_states SET seq = ?, page_key = ?, blocked = ?, updated_at = ?"
        + " WHERE project = ? AND session_id = ? AND window_id = ? AND seq < ?")) {
      ps.setLong(1, s.seq());
      ps.setString(2, s.pageKey());
      ps.setBoolean(3, s.blocked());
      ps.setLong(4, batch.receivedAt());
      ps.setString(5, batch.project());
      ps.setString(6, batch.sessionId());
      ps.setString(7, batch.windowId());
      ps.setLong(8, s.seq());
      if (ps.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM rl_page_states WHERE project = ? AND session_id = ? AND window_id = ?")) {
      ps.setString(1, batch.project());
      ps.setString(2, batch.sessionId());
      ps.setString(3, batch.windowId());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return; // a later batch of the window was stored first
        }
      }
    }
    // a concurrent first write makes this a unique violation; the caller's retry then updates instead
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO rl_page_states (project, session_id, window_id, seq, page_key, blocked, updated_at) VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, batch.project());
      ps.setString(2, batch.sessionId());
      ps.setString(3, batch.windowId());
      ps.setLong(4, s.seq());
      ps.setString(5, s.pageKey());
      ps.setBoolean(6, s.blocked());
      ps.setLong(7, batch.receivedAt());
      ps.executeUpdate();
    }
  }

  /** Forgets windows whose page has not changed since {@code cutoff}, including those of sessions never stored. */
  static int purgeBefore(Connection c, String project, long cutoff) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM rl_page_states WHERE project = ? AND updated_at < ?")) {
      ps.setString(1, project);
      ps.setLong(2, cutoff);
      return ps.executeUpdate();
    }
  }
}
