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
import java.util.HashMap;
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
    boolean more = false;
    for (List<Stored> window : windows.values()) {
      if (!needsRewrite(window, received)) {
        continue;
      }
      if (todo == null) {
        todo = window;
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
    Rewritten r = rewrite(c, project, sessionId, todo, received);
    Sql.update(
        c,
        "UPDATE rl_sessions SET stored_bytes = stored_bytes - ?"
            + (more ? "" : ", compaction_due = FALSE")
            + " WHERE project = ? AND session_id = ?",
        r.saved,
        project,
        sessionId);
    return new Step(
        false, !more, chunks, chunks - todo.size() + r.rows, bytes, bytes - r.saved, r.raw);
  }

  /**
   * Whether a window is not yet one object of merged runs, with its short groups written as blocks.
   */
  private static boolean needsRewrite(
      List<Stored> window, Map<String, NavigableSet<Long>> received) {
    String key = window.get(0).key;
    for (Stored s : window) {
      if (s.key == null || !s.key.equals(key)) {
        return true;
      }
    }
    List<ChunkMeta> metas = window.stream().map(Stored::meta).toList();
    return CompactionPlan.runs(metas, received).stream().anyMatch(run -> run.size() > 1)
        || !CompactionPlan.blocks(metas).isEmpty();
  }

  /** What a rewrite saved, the raw size of the events it re-encoded, and the window's rows now. */
  private record Rewritten(long saved, long raw, int rows) {}

  /**
   * Writes the window into one new object and replaces its chunk rows by the object's block index:
   * its chunks in blocks read back as plain chunks (as {@link ChunkBlocks#undo} does in the
   * database), its runs merged, then its short groups written as blocks ({@link
   * CompactionPlan#blocks}, {@link ChunkBlocks#encode}), every chunk in reading order, so that a
   * block and its members are adjacent.
   */
  private Rewritten rewrite(
      Connection c,
      String project,
      String sessionId,
      List<Stored> window,
      Map<String, NavigableSet<Long>> received)
      throws SQLException {
    Map<Long, byte[]> payloads = payloads(c, project, sessionId, window);
    List<List<String>> decoded =
        ChunkBlocks.events(
            window.stream()
                .map(
                    s ->
                        new ChunkBlocks.Payload(
                            s.meta.seq(), s.meta.part(), payloads.get(s.meta.id())))
                .toList(),
            sessionId);
    long before = 0;
    long raw = 0;
    Map<Long, List<String>> events = new HashMap<>();
    List<ChunkMeta> plain = new ArrayList<>(window.size());
    for (int i = 0; i < window.size(); i++) {
      ChunkMeta m = window.get(i).meta;
      before += m.bytes();
      events.put(m.id(), decoded.get(i));
      if (m.blocked()) {
        byte[] bytes = ChunkCodec.encodeMerged(decoded.get(i));
        raw += MergeChunks.utf8Length(decoded.get(i));
        payloads.put(m.id(), bytes);
        m = withBytes(m, m.lastTs(), m.events(), bytes.length);
      }
      plain.add(m);
    }
    List<ChunkMeta> heads = new ArrayList<>();
    for (List<ChunkMeta> run : CompactionPlan.runs(plain, received)) {
      ChunkMeta head = run.get(0);
      if (run.size() == 1) {
        heads.add(head);
        continue;
      }
      List<String> merged = new ArrayList<>();
      long last = Long.MIN_VALUE;
      for (ChunkMeta m : run) {
        merged.addAll(events.get(m.id()));
        last = Math.max(last, m.lastTs());
      }
      raw += MergeChunks.utf8Length(merged);
      byte[] bytes = ChunkCodec.encodeMerged(merged);
      payloads.put(head.id(), bytes);
      events.put(head.id(), merged);
      heads.add(withBytes(head, last, merged.size(), bytes.length));
    }
    for (List<ChunkMeta> group : CompactionPlan.blocks(heads)) {
      ChunkBlocks.Encoded e =
          ChunkBlocks.encode(group, group.stream().map(m -> events.get(m.id())).toList());
      raw += e.raw();
      for (int i = 0; i < group.size(); i++) {
        payloads.put(group.get(i).id(), e.payloads().get(i));
      }
    }
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
    List<ObjectRange> ranges = new ArrayList<>();
    for (ChunkMeta h : heads) {
      byte[] bytes = payloads.get(h.id());
      ranges.add(new ObjectRange(key, object.size(), bytes.length, ChunkCodec.format(bytes)));
      object.writeBytes(bytes);
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
      ChunkRows.insert(
          c,
          project,
          sessionId,
          windowId,
          h.seq(),
          h.part(),
          h.firstTs(),
          h.lastTs(),
          h.events(),
          h.snapshot(),
          null,
          ranges.get(i));
    }
    ObjectDeletes.queueUnreferenced(
        c,
        project,
        sessionId,
        window.stream().map(Stored::key).filter(Objects::nonNull).distinct().toList(),
        System.currentTimeMillis());
    return new Rewritten(before - object.size(), raw, heads.size());
  }

  /** The chunk with other last timestamp, event count and stored size, not in a block. */
  private static ChunkMeta withBytes(ChunkMeta m, long lastTs, int events, long bytes) {
    return new ChunkMeta(
        m.id(),
        m.windowId(),
        m.seq(),
        m.part(),
        m.firstTs(),
        lastTs,
        events,
        m.snapshot(),
        bytes,
        false);
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
