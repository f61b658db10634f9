package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.EventReader;
import dev.replaylink.service.storage.EventSink;
import dev.replaylink.service.storage.ObjectStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A session's events from a start point: the chunk to start at (the last one starting with a
 * snapshot at or before the moment, else the first with a snapshot, else the first), then that
 * window's chunks from there, decoded and handed on one at a time.
 */
final class SelectEvents implements EventReader {
  private static final String START =
      "SELECT window_id, seq, part FROM rl_chunks WHERE project = ? AND session_id = ?";

  private final Sql sql;
  private final ObjectStore objects;

  /**
   * @param objects the object store, or null when recordings are kept in the database only
   */
  SelectEvents(Sql sql, ObjectStore objects) {
    this.sql = sql;
    this.objects = objects;
  }

  @Override
  public boolean readEvents(String project, String sessionId, Long from, EventSink sink) {
    return sql.streaming(
        "read events",
        c -> {
          Long ended =
              Sql.single(
                  c,
                  "SELECT ended_at FROM rl_sessions WHERE project = ? AND session_id = ?",
                  List.of(project, sessionId),
                  rs -> rs.getLong(1));
          if (ended == null) {
            return false;
          }
          StartPoint start = startPoint(c, project, sessionId, from);
          sink.start(start == null ? null : start.windowId, ended);
          if (start != null) {
            chunksFrom(c, project, sessionId, start, new ChunkBytes(objects, sink));
          }
          return true;
        });
  }

  private static StartPoint startPoint(Connection c, String project, String sessionId, Long from)
      throws SQLException {
    StartPoint start = null;
    if (from != null) {
      start =
          Sql.single(
              c,
              START
                  + " AND starts_with_snapshot = TRUE AND first_ts <= ? ORDER BY first_ts DESC, seq DESC, part DESC LIMIT 1",
              List.of(project, sessionId, from),
              StartPoint::of);
    }
    if (start == null) {
      start =
          Sql.single(
              c,
              START + " AND starts_with_snapshot = TRUE ORDER BY first_ts, seq, part LIMIT 1",
              List.of(project, sessionId),
              StartPoint::of);
    }
    if (start == null) {
      start =
          Sql.single(
              c,
              START + " ORDER BY first_ts, seq, part LIMIT 1",
              List.of(project, sessionId),
              StartPoint::of);
    }
    return start;
  }

  private static void chunksFrom(
      Connection c, String project, String sessionId, StartPoint start, ChunkBytes sink)
      throws SQLException {
    try (PreparedStatement ps =
        Sql.prepare(
            c,
            "SELECT "
                + ChunkBytes.COLUMNS
                + " FROM rl_chunks WHERE project = ? AND session_id = ? AND window_id = ?"
                + " AND (seq > ? OR (seq = ? AND part >= ?)) ORDER BY seq, part",
            List.of(project, sessionId, start.windowId, start.seq, start.seq, start.part))) {
      ps.setFetchSize(16); // a few chunks in memory at a time
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.add(rs, 1);
        }
        sink.flush();
      }
    }
  }

  private record StartPoint(String windowId, long seq, int part) {
    static StartPoint of(ResultSet rs) throws SQLException {
      return new StartPoint(rs.getString(1), rs.getLong(2), rs.getInt(3));
    }
  }
}
