package dev.replaylink.service.storage;

import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.storage.RecordingWriter.Compaction;
import dev.replaylink.service.storage.RecordingWriter.SessionRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Merges a session's chunks, per window, into one chunk per checkout.
 *
 * <p>What the reader relies on, and why a merge keeps it: the reader starts at a chunk that starts
 * with a snapshot (chosen by {@code first_ts}, then {@code seq, part}), or, in a session without any,
 * at its earliest chunk, and then reads that window's chunks in {@code (seq, part)} order. A merged
 * chunk takes the place of a run of chunks that are consecutive in that order: it keeps the key
 * {@code (window, seq, part)}, {@code first_ts} and {@code starts_with_snapshot} of the run's first
 * chunk, and holds the events of the run in order. Only the first chunk of a run may start with a
 * snapshot, so every start point survives with the same key and timestamp, and reading from it
 * yields the same events. A run never spans a {@code seq} that the window has not received (no row in
 * {@code rl_batches}): a late batch with that seq would otherwise be read after the merged chunk
 * instead of inside it. A run that does not start with a snapshot never takes a chunk with an
 * earlier {@code first_ts} than its own, so the earliest chunk of the session stays the same too.
 *
 * <p>Each step runs in one transaction that holds the session row lock, as every writer that adds
 * chunks does, so a batch arriving meanwhile waits and is stored after the merge, and readers see
 * either the old chunks or the merged one. A step merges a bounded amount, so the lock is never held
 * for long; the session's {@code compaction_due} flag is cleared only by the step that finds nothing
 * left to merge.
 */
final class JdbcCompaction {
  /** Most events in one merged chunk. */
  static final int MAX_EVENTS = 50_000;
  /**
   * Most stored bytes of the chunks merged into one (several MB of events; deflate looks back 32 KB
   * only, so larger chunks would not compress better, and a merge must fit in memory and in a short lock).
   */
  static final long MAX_INPUT_BYTES = 1024L * 1024;
  /**
   * Stored bytes merged in one transaction (at least one run), so that a batch for the same session
   * never waits long for the session lock (H2's lock timeout is a few seconds).
   */
  static final long STEP_BYTES = 512L * 1024;

  private final DataSource dataSource;

  JdbcCompaction(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  List<SessionRef> candidates(long quietBefore, int limit) {
    return JdbcRecordingWriter.retrying("find sessions to compact", () -> JdbcStorage.inTransaction(dataSource, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT project, session_id FROM rl_sessions"
          + " WHERE compaction_due = TRUE AND updated_at < ? ORDER BY updated_at LIMIT ?")) {
        ps.setLong(1, quietBefore);
        ps.setInt(2, limit);
        List<SessionRef> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new SessionRef(rs.getString(1), rs.getString(2)));
          }
        }
        return out;
      }
    }), false);
  }

  Compaction compact(String project, String sessionId, long quietBefore) {
    Step first = null;
    Step last = null;
    long raw = 0;
    while (true) {
      Step step = JdbcRecordingWriter.retrying("compact session",
          () -> JdbcStorage.inTransaction(dataSource, c -> step(c, project, sessionId, quietBefore)), false);
      if (step.skipped) {
        break;
      }
      first = first == null ? step : first;
      last = step;
      raw += step.rawBytes;
      if (step.done) {
        break;
      }
    }
    if (first == null) {
      return Compaction.NOT_DONE;
    }
    return new Compaction(false, first.chunksBefore, last.chunksAfter, first.bytesBefore, last.bytesAfter, raw);
  }

  private record Step(boolean skipped, boolean done, int chunksBefore, int chunksAfter, long bytesBefore, long bytesAfter, long rawBytes) {}

  record ChunkMeta(long id, String windowId, long seq, int part, long firstTs, long lastTs, int events, boolean snapshot, long bytes) {}

  private static Step step(Connection c, String project, String sessionId, long quietBefore) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT updated_at FROM rl_sessions WHERE project = ? AND session_id = ? FOR UPDATE")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getLong(1) >= quietBefore) {
          return new Step(true, false, 0, 0, 0, 0, 0);
        }
      }
    }
    List<ChunkMeta> chunks = chunks(c, project, sessionId);
    long bytesBefore = chunks.stream().mapToLong(ChunkMeta::bytes).sum();
    List<List<ChunkMeta>> runs = chunks.size() < 2 ? List.of() : plan(chunks, receivedSeqs(c, project, sessionId));
    List<List<ChunkMeta>> now = new ArrayList<>();
    long budget = 0;
    int pending = 0;
    for (List<ChunkMeta> run : runs) {
      if (run.size() < 2) {
        continue;
      }
      pending++;
      if (now.isEmpty() || budget < STEP_BYTES) {
        now.add(run);
        budget += run.stream().mapToLong(ChunkMeta::bytes).sum();
      }
    }
    long saved = 0;
    long raw = 0;
    int removed = 0;
    for (List<ChunkMeta> run : now) {
      Merged m = merge(c, project, sessionId, run);
      saved += m.bytesSaved;
      raw += m.rawBytes;
      removed += run.size() - 1;
    }
    boolean done = pending == now.size();
    try (PreparedStatement ps = c.prepareStatement("UPDATE rl_sessions SET stored_bytes = stored_bytes - ?"
        + (done ? ", compaction_due = FALSE" : "") + " WHERE project = ? AND session_id = ?")) {
      ps.setLong(1, saved);
      ps.setString(2, project);
      ps.setString(3, sessionId);
      ps.executeUpdate();
    }
    return new Step(false, done, chunks.size(), chunks.size() - removed, bytesBefore, bytesBefore - saved, raw);
  }

  /**
   * Cuts a session's chunks (ordered by window, seq, part) into runs that may each become one chunk:
   * a run starts at a chunk that starts with a snapshot, at the start of a window, after a seq the
   * window has not received, before a chunk older than a run that has no snapshot, and when the run
   * would exceed {@link #MAX_EVENTS} or {@link #MAX_INPUT_BYTES}.
   */
  static List<List<ChunkMeta>> plan(List<ChunkMeta> chunks, Map<String, NavigableSet<Long>> received) {
    List<List<ChunkMeta>> runs = new ArrayList<>();
    List<ChunkMeta> run = null;
    long events = 0;
    long bytes = 0;
    ChunkMeta prev = null;
    for (ChunkMeta m : chunks) {
      boolean join = run != null
          && prev.windowId().equals(m.windowId())
          && !m.snapshot()
          && contiguous(prev.seq(), m.seq(), received.get(m.windowId()))
          && (run.get(0).snapshot() || m.firstTs() >= run.get(0).firstTs())
          && events + m.events() <= MAX_EVENTS
          && bytes + m.bytes() <= MAX_INPUT_BYTES;
      if (!join) {
        run = new ArrayList<>();
        runs.add(run);
        events = 0;
        bytes = 0;
      }
      run.add(m);
      events += m.events();
      bytes += m.bytes();
      prev = m;
    }
    return runs;
  }

  /** Whether every seq strictly between {@code a} and {@code b} was received. */
  private static boolean contiguous(long a, long b, NavigableSet<Long> received) {
    if (b <= a + 1) {
      return true;
    }
    return received != null && received.subSet(a, false, b, false).size() == b - a - 1;
  }

  private record Merged(long bytesSaved, long rawBytes) {}

  private static Merged merge(Connection c, String project, String sessionId, List<ChunkMeta> run) throws SQLException {
    ChunkMeta head = run.get(0);
    ChunkMeta tail = run.get(run.size() - 1);
    Map<Long, byte[]> payloads = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, payload FROM rl_chunks WHERE project = ? AND session_id = ? AND window_id = ?"
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
        throw new IllegalStateException("Chunk " + m.id() + " of session " + sessionId + " vanished during compaction");
      }
      before += payload.length;
      last = Math.max(last, m.lastTs());
      events.addAll(ChunkCodec.decode(payload));
    }
    long raw = 0;
    for (String e : events) {
      raw += utf8Length(e);
    }
    byte[] merged = ChunkCodec.encodeMerged(events);
    try (PreparedStatement ps = c.prepareStatement(JdbcRecordingWriter.INSERT_CHUNK)) {
      JdbcRecordingWriter.bindChunk(ps, project, sessionId, head.windowId(), head.seq(), head.part(), head.firstTs(), last,
          events.size(), head.snapshot(), merged);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM rl_chunks WHERE id = ?")) {
      for (ChunkMeta m : run) {
        ps.setLong(1, m.id());
        ps.addBatch();
      }
      for (int n : ps.executeBatch()) {
        if (n != 1 && n != PreparedStatement.SUCCESS_NO_INFO) {
          throw new IllegalStateException("A chunk of session " + sessionId + " vanished during compaction");
        }
      }
    }
    return new Merged(before - merged.length, raw);
  }

  private static long utf8Length(String s) {
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

  private static List<ChunkMeta> chunks(Connection c, String project, String sessionId) throws SQLException {
    List<ChunkMeta> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, window_id, seq, part, first_ts, last_ts, event_count, starts_with_snapshot,"
        + " OCTET_LENGTH(payload) FROM rl_chunks WHERE project = ? AND session_id = ? ORDER BY window_id, seq, part")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ChunkMeta(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getLong(5), rs.getLong(6), rs.getInt(7),
              rs.getBoolean(8), rs.getLong(9)));
        }
      }
    }
    return out;
  }

  private static Map<String, NavigableSet<Long>> receivedSeqs(Connection c, String project, String sessionId) throws SQLException {
    Map<String, NavigableSet<Long>> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT window_id, seq FROM rl_batches WHERE project = ? AND session_id = ?")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), w -> new TreeSet<>()).add(rs.getLong(2));
        }
      }
    }
    return out;
  }
}
