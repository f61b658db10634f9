package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.ChunkCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

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

  /**
   * Most stored bytes of the chunks written as one block ({@link ChunkCodec} format 3). Deflate
   * refers back 32 KB of raw JSON, so a block only stores less than its chunks did when its
   * checkouts are that close: chunks of a short window. 16 KiB of compressed chunks are about
   * 100–300 KB of JSON, so a read from a block's last checkout inflates at most that much more
   * (about a millisecond) than before.
   */
  static final long MAX_BLOCK_BYTES = 16L * 1024;

  /**
   * A stored chunk without its payload; {@code blocked} when it is a block or a block member (never
   * merged again).
   */
  record ChunkMeta(
      long id,
      String windowId,
      long seq,
      int part,
      long firstTs,
      long lastTs,
      int events,
      boolean snapshot,
      long bytes,
      boolean blocked) {}

  /**
   * Cuts a session's chunks (ordered by window, seq, part) into runs that may each become one
   * chunk: a run starts at a chunk that starts with a snapshot, at the start of a window, after a
   * seq the window has not received, before a chunk older than a run that has no snapshot, and when
   * the run would exceed {@link #MAX_EVENTS} or {@link #MAX_INPUT_BYTES}. A chunk in a block is a
   * run of its own.
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
              && !m.blocked()
              && !prev.blocked()
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

  /**
   * Cuts a session's chunks (ordered by window, seq, part; runs already merged) into groups that
   * compaction writes as one block each: two or more consecutive chunks of a window, none in a
   * block yet, of at most {@link #MAX_BLOCK_BYTES} stored together. Decided from the stored sizes
   * alone, so running it again after the blocks are written finds nothing.
   */
  static List<List<ChunkMeta>> blocks(List<ChunkMeta> chunks) {
    List<List<ChunkMeta>> out = new ArrayList<>();
    List<ChunkMeta> group = new ArrayList<>();
    long bytes = 0;
    for (ChunkMeta m : chunks) {
      boolean join =
          !group.isEmpty()
              && !m.blocked()
              && group.get(0).windowId().equals(m.windowId())
              && bytes + m.bytes() <= MAX_BLOCK_BYTES;
      if (!join) {
        if (group.size() > 1) {
          out.add(group);
        }
        group = new ArrayList<>();
        bytes = 0;
      }
      if (!m.blocked() && m.bytes() <= MAX_BLOCK_BYTES) {
        group.add(m);
        bytes += m.bytes();
      }
    }
    if (group.size() > 1) {
      out.add(group);
    }
    return out;
  }

  /**
   * The windows whose blocks must be undone before they can be compacted further: where chunks that
   * arrived after the blocks were written would merge with a chunk in a block, were it plain. Once
   * a window is merged and blocked, nothing is found there until it receives more chunks.
   */
  static Set<String> reopened(List<ChunkMeta> chunks, Map<String, NavigableSet<Long>> received) {
    List<ChunkMeta> plain = new ArrayList<>(chunks.size());
    for (ChunkMeta m : chunks) {
      plain.add(
          new ChunkMeta(
              m.id(),
              m.windowId(),
              m.seq(),
              m.part(),
              m.firstTs(),
              m.lastTs(),
              m.events(),
              m.snapshot(),
              m.bytes(),
              false));
    }
    Set<Long> blocked = new HashSet<>();
    for (ChunkMeta m : chunks) {
      if (m.blocked()) {
        blocked.add(m.id());
      }
    }
    Set<String> out = new LinkedHashSet<>();
    if (blocked.isEmpty()) {
      return out;
    }
    for (List<ChunkMeta> run : runs(plain, received)) {
      if (run.size() > 1 && run.stream().anyMatch(m -> blocked.contains(m.id()))) {
        out.add(run.get(0).windowId());
      }
    }
    return out;
  }

  /** Whether every seq strictly between {@code a} and {@code b} was received. */
  private static boolean contiguous(long a, long b, NavigableSet<Long> received) {
    if (b <= a + 1) {
      return true;
    }
    return received != null && received.subSet(a, false, b, false).size() == b - a - 1;
  }
}
