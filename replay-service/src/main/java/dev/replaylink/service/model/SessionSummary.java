package dev.replaylink.service.model;

/**
 * One stored session as the read side sees it.
 *
 * @param pagesVisited the entry page plus each navigation recorded in the session
 * @param errorClickCount clicks followed by an uncaught error (counted from the session's markers)
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
    long pagesVisited,
    long errorClickCount) {

  public SessionSummary(
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
    this(
        project,
        sessionId,
        startedAt,
        endedAt,
        userId,
        entryUrl,
        eventCount,
        errorCount,
        rageClickCount,
        deadClickCount,
        mouseThrashCount,
        storedBytes,
        pagesVisited,
        0);
  }

  public SessionSummary(
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
    this(
        project,
        sessionId,
        startedAt,
        endedAt,
        userId,
        entryUrl,
        eventCount,
        errorCount,
        rageClickCount,
        deadClickCount,
        mouseThrashCount,
        storedBytes,
        1,
        0);
  }

  public long durationMs() {
    return Math.max(0, endedAt - startedAt);
  }

  /**
   * Frustration signals: rage clicks, dead clicks, error clicks and mouse thrashing together (the
   * marker kinds of {@code dev.replaylink.protocol.MarkerKinds.FRUSTRATION}).
   */
  public long frustrationCount() {
    return rageClickCount + deadClickCount + errorClickCount + mouseThrashCount;
  }
}
