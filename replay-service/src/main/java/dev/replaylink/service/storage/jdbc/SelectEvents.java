package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.EventReader;
import dev.replaylink.service.storage.EventSink;
import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.StorageException;
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
      "SELECT window_id, seq, part, codec FROM rl_chunks WHERE project = ? AND session_id = ?";

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
            ChunkBytes bytes =
                new ChunkBytes(
                    objects,
                    sink,
                    (seq, part) -> blockHead(c, project, sessionId, start.windowId, seq, part));
            bytes.handOnFrom(start.seq, start.part);
            chunksFrom(c, project, sessionId, fetchFrom(c, project, sessionId, start), bytes);
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

  /**
   * Where to fetch from: the start point, or when it is a block member (format 4) the block before
   * it (a block's members follow it, so that is the nearest block at or before the start).
   */
  private static StartPoint fetchFrom(
      Connection c, String project, String sessionId, StartPoint start) throws SQLException {
    if (start.codec != 4) {
      return start;
    }
    StartPoint head =
        Sql.single(
            c,
            START
                + " AND window_id = ? AND codec = 3 AND (seq < ? OR (seq = ? AND part < ?))"
                + " ORDER BY seq DESC, part DESC LIMIT 1",
            List.of(project, sessionId, start.windowId, start.seq, start.seq, start.part),
            StartPoint::of);
    return head == null ? start : head;
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

  /** The bytes of the chunk holding a block, wherever they are stored. */
  private byte[] blockHead(
      Connection c, String project, String sessionId, String windowId, long seq, int part) {
    try {
      Object[] row =
          Sql.single(
              c,
              "SELECT payload, object_key, byte_offset, byte_length FROM rl_chunks"
                  + " WHERE project = ? AND session_id = ? AND window_id = ? AND seq = ? AND part = ?",
              List.of(project, sessionId, windowId, seq, part),
              rs -> new Object[] {rs.getBytes(1), rs.getString(2), rs.getLong(3), rs.getInt(4)});
      if (row == null) {
        throw new StorageException(
            "The block of session " + sessionId + " at " + seq + "/" + part + " is missing", null);
      }
      if (row[0] != null) {
        return (byte[]) row[0];
      }
      if (objects == null) {
        throw ChunkBytes.noObjectStore((String) row[1]);
      }
      return objects.read((String) row[1], (Long) row[2], (Integer) row[3]);
    } catch (SQLException e) {
      throw new StorageException("Could not read the block of session " + sessionId, e);
    }
  }

  private record StartPoint(String windowId, long seq, int part, int codec) {
    static StartPoint of(ResultSet rs) throws SQLException {
      return new StartPoint(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4));
    }
  }
}
