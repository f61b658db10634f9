package dev.replaylink.service.model;

import java.util.List;

/**
 * One accepted ingest batch with everything derived from it, written atomically: either all of it
 * is stored or none, and the (project, session, window, seq) key makes a retry a no-op.
 *
 * @param pageState the window's page after this batch when the batch changed it, else null
 */
public record IndexedBatch(
    String project,
    String sessionId,
    String windowId,
    long seq,
    long sentAt,
    long receivedAt,
    List<Chunk> chunks,
    List<Marker> markers,
    List<TraceLink> traceLinks,
    SessionDelta session,
    PageState pageState) {

  /** A batch that leaves its window's page as it was. */
  public IndexedBatch(
      String project,
      String sessionId,
      String windowId,
      long seq,
      long sentAt,
      long receivedAt,
      List<Chunk> chunks,
      List<Marker> markers,
      List<TraceLink> traceLinks,
      SessionDelta session) {
    this(
        project,
        sessionId,
        windowId,
        seq,
        sentAt,
        receivedAt,
        chunks,
        markers,
        traceLinks,
        session,
        null);
  }
}
