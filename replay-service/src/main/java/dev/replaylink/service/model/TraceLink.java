package dev.replaylink.service.model;

/**
 * A trace seen in a session at a moment: the browser request that started it, or a backend span.
 */
public record TraceLink(String traceId, String sessionId, long timestamp, String source) {}
