package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.Marker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Statements on {@code rl_markers}. */
final class MarkerRows {
  private static final String COLUMNS = "session_id, ts, kind, label, trace_id, link, dedupe_key";

  private MarkerRows() {}

  /** Inserts the markers in one JDBC batch, each with its insights group key. */
  static void insert(Connection c, String project, Collection<Marker> markers) throws SQLException {
    if (markers.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_markers (project, "
                + COLUMNS
                + ", group_key) VALUES (?,?,?,?,?,?,?,?,?)")) {
      for (Marker m : markers) {
        ps.setString(1, project);
        ps.setString(2, m.sessionId());
        ps.setLong(3, m.timestamp());
        ps.setString(4, m.kind());
        ps.setString(5, m.label());
        ps.setString(6, m.traceId());
        ps.setString(7, m.link());
        ps.setString(8, m.dedupeKey());
        ps.setString(9, MarkerGroups.keyFor(m.kind(), m.label()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Which of {@code keys} are stored in the project already. */
  static Set<String> storedKeys(Connection c, String project, Collection<String> keys)
      throws SQLException {
    if (keys.isEmpty()) {
      return Set.of();
    }
    List<Object> args = new ArrayList<>(List.of(project));
    String in = Sql.in("dedupe_key", keys, args);
    return new HashSet<>(
        Sql.query(
            c,
            "SELECT dedupe_key FROM rl_markers WHERE project = ? AND " + in,
            args,
            rs -> rs.getString(1)));
  }

  /** The stored markers of one kind, session and trace. */
  static List<Marker> ofTrace(
      Connection c, String project, String sessionId, String kind, String traceId)
      throws SQLException {
    return Sql.query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM rl_markers WHERE project = ? AND session_id = ? AND kind = ? AND trace_id = ?",
        List.of(project, sessionId, kind, traceId),
        MarkerRows::marker);
  }

  /** A session's markers in timestamp order, then in the order they were stored. */
  static List<Marker> ofSession(Connection c, String project, String sessionId)
      throws SQLException {
    return Sql.query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM rl_markers WHERE project = ? AND session_id = ? ORDER BY ts, id",
        List.of(project, sessionId),
        MarkerRows::marker);
  }

  static int deleteByKey(Connection c, String project, Collection<String> keys)
      throws SQLException {
    if (keys.isEmpty()) {
      return 0;
    }
    List<Object> args = new ArrayList<>(List.of(project));
    String in = Sql.in("dedupe_key", keys, args);
    try (PreparedStatement ps =
        Sql.prepare(c, "DELETE FROM rl_markers WHERE project = ? AND " + in, args)) {
      return ps.executeUpdate();
    }
  }

  private static Marker marker(java.sql.ResultSet rs) throws SQLException {
    return new Marker(
        rs.getString(1),
        rs.getLong(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7));
  }
}
