package dev.replaylink.service.model;

import java.util.List;

/** A syntactically valid ingest batch: identifiers, the client's send time and its events. */
public record ParsedBatch(
    String sessionId,
    String windowId,
    long seq,
    long sentAt,
    String userId,
    List<RawEvent> events) {}
