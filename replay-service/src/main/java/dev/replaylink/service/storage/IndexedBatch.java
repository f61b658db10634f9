package dev.replaylink.service.storage;

import java.util.List;

/**
 * One accepted ingest batch with everything derived from it, written atomically: either all of it
 * is stored or none, and the (project, session, window, seq) key makes a retry a no-op.
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
    SessionDelta session) {}
