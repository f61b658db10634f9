package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.jdbc.CompactionPlan.ChunkMeta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One run of chunks becomes one chunk: read, decode, re-encode at the merged level, replace. */
final class MergeChunks {
  private MergeChunks() {}

  /** What merging a run saved, and the raw size of the events it re-encoded. */
  record Merged(long bytesSaved, long rawBytes) {}

  /**
   * Replaces the run's chunks by one holding their events in order, under the key and start of the
   * first.
   */
  static Merged merge(Connection c, String project, String sessionId, List<ChunkMeta> run)
      throws SQLException {
    ChunkMeta head = run.get(0);
    ChunkMeta tail = run.get(run.size() - 1);
    Map<Long, byte[]> payloads = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, payload FROM rl_chunks WHERE project = ? AND session_id = ? AND window_id = ?"
                + " AND seq >= ? AND seq <= ? ORDER BY seq, part")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      ps.setString(3, head.windowId());
      ps.setLong(4, head.seq());
      ps.setLong(5, tail.seq());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          payloads.put(rs.getLong(1), rs.getBytes(2));
        }
      }
    }
    List<String> events = new ArrayList<>();
    long before = 0;
    long last = Long.MIN_VALUE;
    for (ChunkMeta m : run) {
      byte[] payload = payloads.get(m.id());
      if (payload == null) {
        throw new IllegalStateException(
            "Chunk " + m.id() + " of session " + sessionId + " vanished during compaction");
      }
      before += payload.length;
      last = Math.max(last, m.lastTs());
      events.addAll(ChunkCodec.decode(payload));
    }
    long raw = utf8Length(events);
    byte[] merged = ChunkCodec.encodeMerged(events);
    ChunkRows.insert(
        c,
        project,
        sessionId,
        head.windowId(),
        head.seq(),
        head.part(),
        head.firstTs(),
        last,
        events.size(),
        head.snapshot(),
        merged);
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM rl_chunks WHERE id = ?")) {
      for (ChunkMeta m : run) {
        ps.setLong(1, m.id());
        ps.addBatch();
      }
      for (int n : ps.executeBatch()) {
        if (n != 1 && n != PreparedStatement.SUCCESS_NO_INFO) {
          throw new IllegalStateException(
              "A chunk of session " + sessionId + " vanished during compaction");
        }
      }
    }
    return new Merged(before - merged.length, raw);
  }

  /** The UTF-8 size of the events together. */
  static long utf8Length(List<String> events) {
    long n = 0;
    for (String e : events) {
      n += utf8Length(e);
    }
    return n;
  }

  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < 0x80) {
        n++;
      } else if (ch < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(ch)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
