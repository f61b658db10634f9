package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.Compaction;
import dev.replaylink.service.model.SessionRef;
import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.CompactionStore;
import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.jdbc.ChunkRows.ObjectRange;
import dev.replaylink.service.storage.jdbc.CompactionPlan.ChunkMeta;
import dev.replaylink.service.storage.jdbc.CompactionSteps.Step;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;

/**
 * Compaction with the recordings in the object store: each window of a quiet session becomes one
 * object, its runs of chunks between two checkouts merged as in {@link JdbcCompaction} (whose
 * explanation of why every read stays the same holds here unchanged), and the chunk rows become the
 * block index of that object, in reading order. A read from a checkout then fetches one byte range,
 * from that checkout's block to the window's end. Objects of the old chunks are queued for deletion
 * in the same transaction once no row points at them.
 *
 * <p>Each step rewrites one window in one transaction under the session row lock, as the database
 * store does; the new object is written before the rows are replaced, so a failure leaves at most
 * an orphan object and the old rows intact.
 */
final class ObjectCompaction implements CompactionStore {
  private final Sql sql;
  private final ObjectStore objects;
  private final JdbcCompaction rows;

  ObjectCompaction(Sql sql, ObjectStore objects) {
    this.sql = sql;
    this.objects = objects;
    this.rows = new JdbcCompaction(sql);
  }

  @Override
  public List<SessionRef> sessionsToCompact(long quietBefore, int limit) {
    return rows.sessionsToCompact(quietBefore, limit);
  }

  @Override
  public Compaction compact(String project, String sessionId, long quietBefore) {
    try {
      return CompactionSteps.run(
          () -> sql.transaction("compact session", c -> step(c, project, sessionId, quietBefore)));
    } finally {
      ObjectDeletes.drainQuietly(sql, objects, ObjectDeletion.DRAIN_LIMIT);
    }
  }

  /** A chunk row with where its bytes are. */
  private record Stored(ChunkMeta meta, String key, long offset) {}

  private Step step(Connection c, String project, String sessionId, long quietBefore)
      throws SQLException {
    Long updated =
        Sql.single(
            c,
            "SELECT updated_at FROM rl_sessions WHERE project = ? AND session_id = ? FOR UPDATE",
            List.of(project, sessionId),
            rs -> rs.getLong(1));
    if (updated == null || updated >= quietBefore) {
      return Step.SKIPPED;
    }
    Map<String, List<Stored>> windows = new LinkedHashMap<>();
    for (Stored s :
        Sql.query(
            c,
            "SELECT id, window_id, seq, part, first_ts, last_ts, event_count, starts_with_snapshot,"
                + " COALESCE(OCTET_LENGTH(payload), byte_length), object_key, byte_offset, codec FROM rl_chunks WHERE project = ? AND session_id = ?"
                + " ORDER BY window_id, seq, part",
            List.of(project, sessionId),
            rs ->
                new Stored(
                    new ChunkMeta(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getInt(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getInt(7),
                        rs.getBoolean(8),
                        rs.getLong(9),
                        ChunkCodec.inBlock(rs.getInt(12))),
                    rs.getString(10),
                    rs.getLong(11)))) {
      windows.computeIfAbsent(s.meta.windowId(), w -> new ArrayList<>()).add(s);
    }
    int chunks = windows.values().stream().mapToInt(List::size).sum();
    long bytes =
        windows.values().stream().flatMap(List::stream).mapToLong(s -> s.meta.bytes()).sum();
    Map<String, NavigableSet<Long>> received = JdbcCompaction.receivedSeqs(c, project, sessionId);
    List<Stored> todo = null;
    List<List<ChunkMeta>> todoRuns = null;
    boolean more = false;
    for (List<Stored> window : windows.values()) {
      List<List<ChunkMeta>> runs =
          CompactionPlan.runs(window.stream().map(Stored::meta).toList(), received);
      if (!needsRewrite(window, runs)) {
        continue;
      }
      if (todo == null) {
        todo = window;
        todoRuns = runs;
      } else {
        more = true;
        break;
      }
    }
    if (todo == null) {
      Sql.update(
          c,
          "UPDATE rl_sessions SET compaction_due = FALSE WHERE project = ? AND session_id = ?",
          project,
          sessionId);
      return new Step(false, true, chunks, chunks, bytes, bytes, 0);
    }
    Rewritten r = rewrite(c, project, sessionId, todo, todoRuns);
    Sql.update(
        c,
        "UPDATE rl_sessions SET stored_bytes = stored_bytes - ?"
            + (more ? "" : ", compaction_due = FALSE")
            + " WHERE project = ? AND session_id = ?",
        r.saved,
        project,
        sessionId);
    return new Step(
        false,
        !more,
        chunks,
        chunks - todo.size() + todoRuns.size(),
        bytes,
        bytes - r.saved,
        r.raw);
  }

  /** Whether a window is not yet one object of merged runs. */
  private static boolean needsRewrite(List<Stored> window, List<List<ChunkMeta>> runs) {
    String key = window.get(0).key;
    for (Stored s : window) {
      if (s.key == null || !s.key.equals(key)) {
        return true;
      }
    }
    return runs.stream().anyMatch(run -> run.size() > 1);
  }

  private record Rewritten(long saved, long raw) {}

  /**
   * Writes the window's runs into one new object and replaces its chunk rows by the object's block
   * index.
   */
  private Rewritten rewrite(
      Connection c,
      String project,
      String sessionId,
      List<Stored> window,
      List<List<ChunkMeta>> runs)
      throws SQLException {
    Map<Long, byte[]> payloads = payloads(c, project, sessionId, window);
    String windowId = window.get(0).meta.windowId();
    String key =
        ObjectKeys.window(
            objects.keyPrefix(),
            project,
            sessionId,
            windowId,
            "compacted",
            window.stream().mapToLong(s -> s.meta.firstTs()).min().orElseThrow());
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    List<ChunkMeta> heads = new ArrayList<>();
    List<long[]> blocks = new ArrayList<>(); // offset, length, last_ts, events
    long raw = 0;
    long before = 0;
    for (List<ChunkMeta> run : runs) {
      byte[] block;
      long last = Long.MIN_VALUE;
      int events = 0;
      if (run.size() == 1) {
        block = payloads.get(run.get(0).id());
        last = run.get(0).lastTs();
        events = run.get(0).events();
      } else {
        List<String> merged = new ArrayList<>();
        for (ChunkMeta m : run) {
          merged.addAll(ChunkCodec.decode(payloads.get(m.id())));
          last = Math.max(last, m.lastTs());
        }
        for (String e : merged) {
          raw += MergeChunks.utf8Length(e);
        }
        events = merged.size();
        block = ChunkCodec.encodeMerged(merged);
      }
      for (ChunkMeta m : run) {
        before += m.bytes();
      }
      heads.add(run.get(0));
      blocks.add(new long[] {object.size(), block.length, last, events, block[0]});
      object.writeBytes(block);
    }
    objects.put(key, object.toByteArray());
    List<Object> args = new ArrayList<>();
    List<Long> ids = window.stream().map(s -> s.meta.id()).toList();
    if (Sql.update(c, "DELETE FROM rl_chunks WHERE " + Sql.in("id", ids, args), args.toArray())
        != ids.size()) {
      throw new IllegalStateException(
          "A chunk of session " + sessionId + " vanished during compaction");
    }
    for (int i = 0; i < heads.size(); i++) {
      ChunkMeta h = heads.get(i);
      long[] b = blocks.get(i);
      ChunkRows.insert(
          c,
          project,
          sessionId,
          windowId,
          h.seq(),
          h.part(),
          h.firstTs(),
          b[2],
          (int) b[3],
          h.snapshot(),
          null,
          new ObjectRange(key, b[0], (int) b[1], (int) b[4]));
    }
    ObjectDeletes.queueUnreferenced(
        c,
        project,
        sessionId,
        window.stream().map(Stored::key).filter(Objects::nonNull).distinct().toList(),
        System.currentTimeMillis());
    return new Rewritten(before - object.size(), raw);
  }

  /**
   * The bytes of each of the window's chunks, by row id: object ranges fetched one object range at
   * a time.
   */
  private Map<Long, byte[]> payloads(
      Connection c, String project, String sessionId, List<Stored> window) throws SQLException {
    Map<Long, byte[]> out = new LinkedHashMap<>();
    List<Object> args = new ArrayList<>();
    String inline =
        Sql.in(
            "id", window.stream().filter(s -> s.key == null).map(s -> s.meta.id()).toList(), args);
    for (Object[] row :
        Sql.query(
            c,
            "SELECT id, payload FROM rl_chunks WHERE " + inline,
            args,
            rs -> new Object[] {rs.getLong(1), rs.getBytes(2)})) {
      out.put((Long) row[0], (byte[]) row[1]);
    }
    Map<String, List<Stored>> byObject = new LinkedHashMap<>();
    for (Stored s : window) {
      if (s.key != null) {
        byObject.computeIfAbsent(s.key, k -> new ArrayList<>()).add(s);
      }
    }
    for (Map.Entry<String, List<Stored>> e : byObject.entrySet()) {
      long start = e.getValue().stream().mapToLong(s -> s.offset).min().orElseThrow();
      long end =
          e.getValue().stream().mapToLong(s -> s.offset + s.meta.bytes()).max().orElseThrow();
      byte[] range = objects.read(e.getKey(), start, (int) (end - start));
      for (Stored s : e.getValue()) {
        int from = (int) (s.offset - start);
        out.put(
            s.meta.id(), java.util.Arrays.copyOfRange(range, from, from + (int) s.meta.bytes()));
      }
    }
    for (Stored s : window) {
      if (out.get(s.meta.id()) == null) {
        throw new IllegalStateException(
            "Chunk " + s.meta.id() + " of session " + sessionId + " vanished during compaction");
      }
    }
    return out;
  }
}
