package dev.replaylink.service.storage;

import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.SessionLimits;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.model.WindowPage;
import dev.replaylink.service.model.WriteResult;
import java.util.Collection;
import java.util.List;

/**
 * Write side of storage. Every method is atomic and safe to call from several service instances
 * sharing one database. Implementations block on I/O; call them off the event loop.
 */
public interface RecordingWriter {

  /**
   * Stores a batch and all it implies, or, when its key was stored before, nothing. A batch that
   * would take its session past a limit is not stored; instead a {@code recording-paused} marker
   * (once per session and limit) records where the recording stops, and the result names the limit.
   */
  WriteResult writeBatch(IndexedBatch batch, SessionLimits limits);

  /** {@link #writeBatch(IndexedBatch, SessionLimits)} without limits. */
  default WriteResult writeBatch(IndexedBatch batch) {
    return writeBatch(batch, SessionLimits.NONE);
  }

  /**
   * The page a window of a session is on as of its last stored batch, and whether the session has an
   * entry page; ingest needs it to continue a blocked page and to tell a new page from a reload of
   * the same one. The page is stored by {@link #writeBatch} from {@link IndexedBatch#pageState()}.
   */
  WindowPage windowPage(String project, String sessionId, String windowId);

  /** Adds trace links; a link already stored (same project, trace, session and timestamp) is skipped. */
  int addTraceLinks(String project, Collection<TraceLink> links);

  /**
   * Adds markers that do not come with a browser batch (backend errors). A marker whose non-null
   * {@link Marker#dedupeKey()} was stored before is skipped. Error markers count towards the
   * session's errors; a session not seen yet is created so the error is found once its recording arrives.
   *
   * @return how many markers were new
   */
  int addMarkers(String project, Collection<Marker> markers);

  /**
   * Deletes a session's events, markers, trace links and batch keys. Nothing of it is left, so a batch
   * of it arriving later (the browser still recording, or retrying) starts it again. @return whether it existed
   */
  boolean deleteSession(String project, String sessionId);

  /** Deletes every session of a user in the given projects. @return how many sessions */
  int deleteUserSessions(Collection<String> projects, String userId);

  /**
   * Deletes up to {@code limit} sessions of a project that ended before {@code cutoff}, each in its own
   * short transaction. A session that a concurrent batch extended past the cutoff is kept (the end
   * time is checked again under the session's row lock). @return how many
   */
  int purgeEndedBefore(String project, long cutoff, int limit);

  /**
   * Deletes up to {@code limit} batch keys of a project received before {@code cutoff} (those of
   * batches that left no session, e.g. empty ones; deleting a session deletes its keys). A retry of
   * such a batch would be stored again. @return how many
   */
  int purgeBatchKeysBefore(String project, long cutoff, int limit);

  /**
   * Up to {@code limit} sessions that received chunks since they were last compacted and nothing
   * since {@code quietBefore} (epoch ms, the service's clock), least recently written first.
   */
  List<SessionRef> sessionsToCompact(long quietBefore, int limit);

  /**
   * Merges the session's chunks so that, in each window, consecutive chunks between two checkouts
   * become one chunk that starts where the first of them started (at a checkout, or where the window
   * starts). Reads return exactly the same events, in the same order, from every start point as
   * before. Each step is one transaction holding the session's row lock, so readers see either the old
   * chunks or the merged one and a batch arriving meanwhile waits and is stored after it. Does nothing
   * (and reports {@link Compaction#skipped()}) when the session was written to at or after
   * {@code quietBefore}; pass {@link Long#MAX_VALUE} to compact it whatever its last write.
   * Running it again on a compacted session changes nothing.
   */
  Compaction compact(String project, String sessionId, long quietBefore);

  /** A session, by project and ID. */
  record SessionRef(String project, String sessionId) {}

  /**
   * What {@link #compact} did: chunk count and payload bytes of the session before and after, and the
   * raw (uncompressed) size of the events it re-encoded.
   */
  record Compaction(boolean skipped, int chunksBefore, int chunksAfter, long bytesBefore, long bytesAfter, long rawBytesRewritten) {
    static final Compaction NOT_DONE = new Compaction(true, 0, 0, 0, 0, 0);
  }
}
