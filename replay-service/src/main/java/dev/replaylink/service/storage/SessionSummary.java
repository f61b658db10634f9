package dev.replaylink.service.storage;

/**
 * One stored session as the read side sees it.
 *
 * @param pagesVisited the entry page plus each navigation recorded in the session
 */
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
    long storedBytes,
    long pagesVisited) {

  public SessionSummary(String project, String sessionId, long startedAt, long endedAt, String userId, String entryUrl, long eventCount,
      long errorCount, long rageClickCount, long deadClickCount, long mouseThrashCount, long storedBytes) {
    this(project, sessionId, startedAt, endedAt, userId, entryUrl, eventCount, errorCount, rageClickCount, deadClickCount,
        mouseThrashCount, storedBytes, 1);
  }

  public long durationMs() {
    return Math.max(0, endedAt - startedAt);
  }

  /** Rage clicks, dead clicks and mouse thrashing together. */
  public long frustrationCount() {
    return rageClickCount + deadClickCount + mouseThrashCount;
  }
}
