package dev.replaylink.service.storage;

/** One stored session as the read side sees it. */
public record SessionSummary(
    String project,
    String sessionId,
    long startedAt,
    long endedAt,
    String userId,
    String entryUrl,
    long eventCount,
    long errorCount,
    long rageClickCount,
    long deadClickCount,
    long mouseThrashCount,
    long storedBytes) {

  public long durationMs() {
    return Math.max(0, endedAt - startedAt);
  }
}
