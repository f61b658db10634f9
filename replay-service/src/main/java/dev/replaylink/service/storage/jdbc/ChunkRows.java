package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.model.IndexedBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Inserts into {@code rl_chunks}: a batch's chunks, or a merged chunk of compaction. A chunk's
 * bytes are either in {@code payload} or, for the object store, at a byte range of an object
 * ({@link ObjectRange}); the other columns are the chunk index either way.
 */
final class ChunkRows {
  private static final String INSERT =
      "INSERT INTO rl_chunks (project, session_id, window_id, seq, part, first_ts, last_ts, event_count, starts_with_snapshot, payload,"
          + " object_key, byte_offset, byte_length, codec) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private ChunkRows() {}

  /** Where a chunk's bytes are in the object store. */
  record ObjectRange(String key, long offset, int length, int codec) {}

  /**
   * The batch's chunks with their bytes in the row, numbered by part in their order, in one JDBC
   * batch.
   */
  static void insert(Connection c, IndexedBatch batch) throws SQLException {
    insert(c, batch, null);
  }

  /**
   * The batch's chunks in one JDBC batch; with {@code ranges} (one per chunk, in order) their bytes
   * are in the object store, else in the rows.
   */
  static void insert(Connection c, IndexedBatch batch, List<ObjectRange> ranges)
      throws SQLException {
    if (batch.chunks().isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int part = 0;
      for (Chunk chunk : batch.chunks()) {
        ObjectRange range = ranges == null ? null : ranges.get(part);
        bind(
            ps,
            batch.project(),
            batch.sessionId(),
            chunk.windowId(),
            batch.seq(),
            part++,
            chunk.firstTimestamp(),
            chunk.lastTimestamp(),
            chunk.eventCount(),
            chunk.startsWithSnapshot(),
            range == null ? chunk.data() : null,
            range);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * One chunk with the key {@code (window, seq, part)} given; its bytes in {@code payload} or at
   * {@code range}.
   */
  static void insert(
      Connection c,
      String project,
      String sessionId,
      String windowId,
      long seq,
      int part,
      long firstTs,
      long lastTs,
      int eventCount,
      boolean startsWithSnapshot,
      byte[] payload,
      ObjectRange range)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      bind(
          ps,
          project,
          sessionId,
          windowId,
          seq,
          part,
          firstTs,
          lastTs,
          eventCount,
          startsWithSnapshot,
          payload,
          range);
      ps.executeUpdate();
    }
  }

  /** One chunk with its bytes in the row. */
  static void insert(
      Connection c,
      String project,
      String sessionId,
      String windowId,
      long seq,
      int part,
      long firstTs,
      long lastTs,
      int eventCount,
      boolean startsWithSnapshot,
      byte[] payload)
      throws SQLException {
    insert(
        c,
        project,
        sessionId,
        windowId,
        seq,
        part,
        firstTs,
        lastTs,
        eventCount,
        startsWithSnapshot,
        payload,
        null);
  }

  private static void bind(
      PreparedStatement ps,
      String project,
      String sessionId,
      String windowId,
      long seq,
      int part,
      long firstTs,
      long lastTs,
      int eventCount,
      boolean startsWithSnapshot,
      byte[] payload,
      ObjectRange range)
      throws SQLException {
    ps.setString(1, project);
    ps.setString(2, sessionId);
    ps.setString(3, windowId);
    ps.setLong(4, seq);
    ps.setInt(5, part);
    ps.setLong(6, firstTs);
    ps.setLong(7, lastTs);
    ps.setInt(8, eventCount);
    ps.setBoolean(9, startsWithSnapshot);
    if (range == null) {
      ps.setBytes(10, payload);
      ps.setNull(11, Types.VARCHAR);
      ps.setNull(12, Types.BIGINT);
      ps.setNull(13, Types.INTEGER);
      ps.setNull(14, Types.SMALLINT);
    } else {
      ps.setNull(10, Types.BINARY);
      ps.setString(11, range.key());
      ps.setLong(12, range.offset());
      ps.setInt(13, range.length());
      ps.setShort(14, (short) range.codec());
    }
  }
}
