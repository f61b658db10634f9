package dev.replaylink.service.model;

/**
 * What one batch adds to its session's summary: time range, counters and first-seen values. The
 * entry URL is display text: a NUL in it is replaced (see {@link Text#withoutNul}); the user ID is
 * an identifier and ingest refuses one containing NUL before it gets here.
 */
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
    long storedBytes) {

  public SessionDelta {
    entryUrl = Text.withoutNul(entryUrl);
  }
}
