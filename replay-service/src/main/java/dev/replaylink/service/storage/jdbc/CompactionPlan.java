package dev.replaylink.service.storage.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;

/**
 * Which of a session's chunks compaction merges: runs of consecutive chunks of a window between two
 * checkouts, within size bounds (see {@link JdbcCompaction} for why a merge keeps every read the
 * same). Pure.
 */
final class CompactionPlan {
  /** Most events in one merged chunk. */
  static final int MAX_EVENTS = 50_000;

  /**
   * Most stored bytes of the chunks merged into one (several MB of events; deflate looks back 32 KB
   * only, so larger chunks would not compress better, and a merge must fit in memory and in a short
   * lock).
   */
  static final long MAX_INPUT_BYTES = 1024L * 1024;

  private CompactionPlan() {}

  /** A stored chunk without its payload. */
  record ChunkMeta(
      long id,
      String windowId,
      long seq,
      int part,
      long firstTs,
      long lastTs,
      int events,
      boolean snapshot,
      long bytes) {}

  /**
   * Cuts a session's chunks (ordered by window, seq, part) into runs that may each become one
   * chunk: a run starts at a chunk that starts with a snapshot, at the start of a window, after a
   * seq the window has not received, before a chunk older than a run that has no snapshot, and when
   * the run would exceed {@link #MAX_EVENTS} or {@link #MAX_INPUT_BYTES}.
   */
  static List<List<ChunkMeta>> runs(
      List<ChunkMeta> chunks, Map<String, NavigableSet<Long>> received) {
    List<List<ChunkMeta>> runs = new ArrayList<>();
    List<ChunkMeta> run = null;
    long events = 0;
    long bytes = 0;
    ChunkMeta prev = null;
    for (ChunkMeta m : chunks) {
      boolean join =
          run != null
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
}
