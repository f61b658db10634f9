package dev.replaylink.service.storage;

import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.SessionLimits;
import dev.replaylink.service.model.WriteResult;

/**
 * Recording writes: an ingest batch with everything derived from it. Safe to call from several
 * service instances sharing one store; blocks on I/O (call it off the event loop) and throws {@link
 * StorageException} when the store fails, having stored nothing.
 */
public interface BatchWriter {

  /**
   * Stores a batch and all it implies (chunks, markers, trace links, the session's counters, the
   * window's page), or, when its key (project, session, window, seq) was stored before, nothing. A
   * batch that would take its session past a limit is not stored; instead one {@code
   * recording-paused} marker per session and limit records where the recording stops, and the
   * result names the limit ({@code "bytes"} or {@code "duration"}).
   */
  WriteResult writeBatch(IndexedBatch batch, SessionLimits limits);

  /** {@link #writeBatch(IndexedBatch, SessionLimits)} without limits. */
  default WriteResult writeBatch(IndexedBatch batch) {
    return writeBatch(batch, SessionLimits.NONE);
  }
}
