package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.Compaction;
import dev.replaylink.service.model.SessionRef;
import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.CompactionStore;
import dev.replaylink.service.storage.jdbc.CompactionPlan.ChunkMeta;
import dev.replaylink.service.storage.jdbc.CompactionSteps.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges a session's chunks, per window, into one chunk per checkout.
 *
 * <p>What the reader relies on, and why a merge keeps it: the reader starts at a chunk that starts
 * with a snapshot (chosen by {@code first_ts}, then {@code seq, part}), or, in a session without
 * any, at its earliest chunk, and then reads that window's chunks in {@code (seq, part)} order. A
 * merged chunk takes the place of a run of chunks that are consecutive in that order: it keeps the
 * key {@code (window, seq, part)}, {@code first_ts} and {@code starts_with_snapshot} of the run's
 * first chunk, and holds the events of the run in order. Only the first chunk of a run may start
 * with a snapshot, so every start point survives with the same key and timestamp, and reading from
 * it yields the same events. A run never spans a {@code seq} that the window has not received (no
 * row in {@code rl_batches}): a late batch with that seq would otherwise be read after the merged
 * chunk instead of inside it. A run that does not start with a snapshot never takes a chunk with an
 * earlier {@code first_ts} than its own, so the earliest chunk of the session stays the same too.
 *
 * <p>Each step runs in one transaction that holds the session row lock, as every writer that adds
 * chunks does, so a batch arriving meanwhile waits and is stored after the merge, and readers see
 * either the old chunks or the merged one. A step merges a bounded amount, so the lock is never
 * held for long; the session's {@code compaction_due} flag is cleared only by the step that finds
 * nothing left to merge.
 *
 * <p>Once no run is left, a last step writes each group of consecutive chunks of a short window
 * ({@link CompactionPlan#blocks}) as one block ({@link ChunkBlocks}): the rows and their keys stay,
 * only their payloads change, so the reasoning above holds unchanged and each chunk still reads as
 * its own events. A window that receives chunks after that has its blocks undone first ({@link
 * CompactionPlan#reopened}), so the new chunks merge as they would have, and is blocked again.
 */
final class JdbcCompaction implements CompactionStore {
  /**
   * Stored bytes merged in one transaction (at least one run), so that a batch for the same session
   * never waits long for the session lock (H2's lock timeout is a few seconds).
   */
  static final long STEP_BYTES = 512L * 1024;

  private final Sql sql;

  JdbcCompaction(Sql sql) {
    this.sql = sql;
  }

  @Override
  public List<SessionRef> sessionsToCompact(long quietBefore, int limit) {
    return sql.connection(
        "find sessions to compact",
        c ->
            Sql.query(
                c,
                "SELECT project, session_id FROM rl_sessions"
                    + " WHERE compaction_due = TRUE AND updated_at < ? ORDER BY updated_at LIMIT ?",
                List.of(quietBefore, limit),
                rs -> new SessionRef(rs.getString(1), rs.getString(2))));
  }

  @Override
  public Compaction compact(String project, String sessionId, long quietBefore) {
    return CompactionSteps.run(
        () -> sql.transaction("compact session", c -> step(c, project, sessionId, quietBefore)));
  }

  private static Step step(Connection c, String project, String sessionId, long quietBefore)
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
    List<ChunkMeta> chunks = chunks(c, project, sessionId);
    long bytesBefore = chunks.stream().mapToLong(ChunkMeta::bytes).sum();
    Map<String, NavigableSet<Long>> received =
        chunks.size() < 2 ? Map.of() : receivedSeqs(c, project, sessionId);
    Set<String> reopened = CompactionPlan.reopened(chunks, received);
    if (!reopened.isEmpty()) {
      long added = 0;
      long raw = 0;
      for (String window : reopened) {
        MergeChunks.Merged m = ChunkBlocks.undo(c, project, sessionId, window);
        added -= m.bytesSaved();
        raw += m.rawBytes();
      }
      Sql.update(
          c,
          "UPDATE rl_sessions SET stored_bytes = stored_bytes + ? WHERE project = ? AND session_id = ?",
          added,
          project,
          sessionId);
      return new Step(
          false, false, chunks.size(), chunks.size(), bytesBefore, bytesBefore + added, raw);
    }
    List<List<ChunkMeta>> runs =
        chunks.size() < 2 ? List.of() : CompactionPlan.runs(chunks, received);
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
      MergeChunks.Merged m = MergeChunks.merge(c, project, sessionId, run);
      saved += m.bytesSaved();
      raw += m.rawBytes();
      removed += run.size() - 1;
    }
    if (pending == 0) {
      // runs all merged: write the short groups of each window as blocks, within the same budget
      List<List<ChunkMeta>> groups = CompactionPlan.blocks(chunks);
      pending = groups.size();
      budget = 0;
      for (List<ChunkMeta> group : groups) {
        if (!now.isEmpty() && budget >= STEP_BYTES) {
          break;
        }
        now.add(group);
        budget += group.stream().mapToLong(ChunkMeta::bytes).sum();
        MergeChunks.Merged m = ChunkBlocks.write(c, project, sessionId, group);
        saved += m.bytesSaved();
        raw += m.rawBytes();
      }
    } else if (pending == now.size()) {
      pending++; // the blocks are written by the next step, from the merged chunks
    }
    boolean done = pending == now.size();
    Sql.update(
        c,
        "UPDATE rl_sessions SET stored_bytes = stored_bytes - ?"
            + (done ? ", compaction_due = FALSE" : "")
            + " WHERE project = ? AND session_id = ?",
        saved,
        project,
        sessionId);
    return new Step(
        false, done, chunks.size(), chunks.size() - removed, bytesBefore, bytesBefore - saved, raw);
  }

  private static List<ChunkMeta> chunks(Connection c, String project, String sessionId)
      throws SQLException {
    return Sql.query(
        c,
        "SELECT id, window_id, seq, part, first_ts, last_ts, event_count, starts_with_snapshot, OCTET_LENGTH(payload), codec"
            + " FROM rl_chunks WHERE project = ? AND session_id = ? ORDER BY window_id, seq, part",
        List.of(project, sessionId),
        rs ->
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
                ChunkCodec.inBlock(rs.getInt(10))));
  }

  static Map<String, NavigableSet<Long>> receivedSeqs(
      Connection c, String project, String sessionId) throws SQLException {
    Map<String, NavigableSet<Long>> out = new HashMap<>();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT window_id, seq FROM rl_batches WHERE project = ? AND session_id = ?",
            List.of(project, sessionId),
            rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
      out.computeIfAbsent((String) row[0], w -> new TreeSet<>()).add((Long) row[1]);
    }
    return out;
  }
}
