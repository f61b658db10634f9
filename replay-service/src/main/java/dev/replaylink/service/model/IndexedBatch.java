package dev.replaylink.service.model;

import java.util.List;

/**
 * One accepted ingest batch with everything derived from it, written atomically: either all of it
 * is stored or none, and the (project, session, window, seq) key makes a retry a no-op.
 *
 * @param pageState the window's page after this batch when the batch changed it, else null
 * @param storedBefore what storage held for the window and its session when the batch was walked,
 *     or null when it was not read: a hint for the order of the batch's statements (a new session
 *     is inserted first, not looked for), never relied on for correctness
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
    PageState pageState,
    WindowPage storedBefore) {}
