package dev.replaylink.service.storage;

/** What one batch adds to its session's summary: time range, counters and first-seen values. */
public record SessionDelta(
    long startedAt,
    long endedAt,
    String userId,
    String entryUrl,
    int eventCount,
    int errorCount,
    int rageClickCount,
    int deadClickCount,
    int mouseThrashCount,
    long storedBytes) {}
