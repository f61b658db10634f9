package dev.replaylink.service.model;

import java.util.Set;

/**
 * A session search. Null fields do not filter. Results come in {@code sort} order, largest first
 * (newest, longest, most errors, most frustration signals, most pages) unless {@code ascending};
 * {@code cursor} continues after the last session of a previous page of the same sort and
 * direction.
 *
 * @param projects projects the caller may read (never empty)
 * @param urlContains case-insensitive text that the entry page or a visited page's URL contains
 * @param minErrors sessions with at least this many errors
 * @param hasFrustration {@code true}: at least one frustration signal (rage, dead or error click,
 *     mouse thrash; see {@link SessionSummary#frustrationCount()}); {@code false}: none
 * @param minDurationMs sessions at least this long
 * @param minPages sessions that visited at least this many pages ({@link
 *     SessionSummary#pagesVisited()})
 * @param ascending smallest first (oldest, shortest, …) instead of largest first
 */
public record SessionQuery(
    Set<String> projects,
    String traceId,
    String userId,
    Boolean hasError,
    Long from,
    Long to,
    int limit,
    Cursor cursor,
    String urlContains,
    Long minErrors,
    Boolean hasFrustration,
    Long minDurationMs,
    Sort sort,
    Long minPages,
    boolean ascending) {

  public SessionQuery {
    sort = sort == null ? Sort.STARTED_AT : sort;
  }

  /** Largest first, no pages filter. */
  public SessionQuery(
      Set<String> projects,
      String traceId,
      String userId,
      Boolean hasError,
      Long from,
      Long to,
      int limit,
      Cursor cursor,
      String urlContains,
      Long minErrors,
      Boolean hasFrustration,
      Long minDurationMs,
      Sort sort) {
    this(
        projects,
        traceId,
        userId,
        hasError,
        from,
        to,
        limit,
        cursor,
        urlContains,
        minErrors,
        hasFrustration,
        minDurationMs,
        sort,
        null,
        false);
  }

  /** The original search: newest first, no URL, error-count, frustration or duration filter. */
  public SessionQuery(
      Set<String> projects,
      String traceId,
      String userId,
      Boolean hasError,
      Long from,
      Long to,
      int limit,
      Cursor cursor) {
    this(
        projects,
        traceId,
        userId,
        hasError,
        from,
        to,
        limit,
        cursor,
        null,
        null,
        null,
        null,
        Sort.STARTED_AT);
  }

  /** Orders of the session list; ties broken by session ID in the same direction. */
  public enum Sort {
    STARTED_AT("startedAt"),
    DURATION("duration"),
    ERRORS("errors"),
    FRUSTRATION("frustration"),
    PAGES("pages");

    private final String apiName;

    Sort(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }

    /** The sort named {@code name} in the API, or null when there is none. */
    public static Sort fromApiName(String name) {
      for (Sort s : values()) {
        if (s.apiName.equals(name)) {
          return s;
        }
      }
      return null;
    }
  }

  /**
   * Position after a session: its value of the sort key ({@code startedAt} for the default sort).
   */
  public record Cursor(long startedAt, String sessionId) {}
}
