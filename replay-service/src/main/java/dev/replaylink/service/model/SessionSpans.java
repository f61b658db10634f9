package dev.replaylink.service.model;

import java.util.List;

/** Spans of one trace to keep for one session. */
public record SessionSpans(String sessionId, String traceId, List<StoredSpan> spans) {}
