package dev.replaylink.service.storage;

import dev.replaylink.service.model.Compaction;
import dev.replaylink.service.model.SessionRef;
import java.util.List;

/** Merging a session's stored chunks, for the compaction job and the admin endpoint. */
public interface CompactionStore {

  /**
   * Up to {@code limit} sessions that received chunks since they were last compacted and nothing
   * since {@code quietBefore} (epoch ms, the service's clock), least recently written first.
   */
  List<SessionRef> sessionsToCompact(long quietBefore, int limit);

  /**
   * Merges the session's chunks so that, in each window, consecutive chunks between two checkouts
   * become one chunk that starts where the first of them started (at a checkout, or where the
   * window starts). Reads return exactly the same events, in the same order, from every start point
   * as before. Readers see either the old chunks or the merged one, and a batch arriving meanwhile
   * is stored after it. Does nothing (and reports {@link Compaction#skipped()}) when the session
   * was written to at or after {@code quietBefore}; pass {@link Long#MAX_VALUE} to compact it
   * whatever its last write. Running it again on a compacted session changes nothing.
   */
  Compaction compact(String project, String sessionId, long quietBefore);
}
