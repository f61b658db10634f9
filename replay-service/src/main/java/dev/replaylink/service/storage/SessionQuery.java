package dev.replaylink.service.storage;

import java.util.Set;

/**
 * A session search. Null fields do not filter. Results come newest first; {@code cursor} continues
 * after the last session of a previous page.
 *
 * @param projects projects the caller may read (never empty)
 */
public record SessionQuery(
    Set<String> projects,
    String traceId,
    String userId,
    Boolean hasError,
    Long from,
    Long to,
    int limit,
    Cursor cursor) {

  /** Position after a session in newest-first order. */
  public record Cursor(long startedAt, String sessionId) {}
}
