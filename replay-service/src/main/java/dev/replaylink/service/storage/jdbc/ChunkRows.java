package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.model.IndexedBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Inserts into {@code rl_chunks}: a batch's chunks, or a merged chunk of compaction. */
final class ChunkRows {
  private static final String INSERT =
      "INSERT INTO rl_chunks (project, session_id, window_id, seq, part, first_ts, last_ts, event_count, starts_with_snapshot, payload)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?)";

  private ChunkRows() {}

  /** The batch's chunks, numbered by part in their order, in one JDBC batch. */
  static void insert(Connection c, IndexedBatch batch) throws SQLException {
    if (batch.chunks().isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int part = 0;
      for (Chunk chunk : batch.chunks()) {
        bind(ps, batch.project(), batch.sessionId(), chunk.windowId(), batch.seq(), part++, chunk.firstTimestamp(), chunk.lastTimestamp(),
            chunk.eventCount(), chunk.startsWithSnapshot(), chunk.data());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** One chunk with the key {@code (window, seq, part)} given. */
  static void insert(Connection c, String project, String sessionId, String windowId, long seq, int part, long firstTs, long lastTs,
      int eventCount, boolean startsWithSnapshot, byte[] payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      bind(ps, project, sessionId, windowId, seq, part, firstTs, lastTs, eventCount, startsWithSnapshot, payload);
      ps.executeUpdate();
    }
  }

  private static void bind(PreparedStatement ps, String project, String sessionId, String windowId, long seq, int part,
      long firstTs, long lastTs, int eventCount, boolean startsWithSnapshot, byte[] payload) throws SQLException {
    ps.setString(1, project);
    ps.setString(2, sessionId);
    ps.setString(3, windowId);
    ps.setLong(4, seq);
    ps.setInt(5, part);
    ps.setLong(6, firstTs);
    ps.setLong(7, lastTs);
    ps.setInt(8, eventCount);
    ps.setBoolean(9, startsWithSnapshot);
    ps.setBytes(10, payload);
  }
}
