package dev.replaylink.service.model;

/**
 * One access to recorded data: who (a person's name or a token's), when (epoch ms), what ({@link
 * #VIEW}, {@link #EVENTS}, {@link #SEARCH_BY_USER}, {@link #DELETE}, {@link #ERASE}), the project
 * and session concerned (null when the action has none), the end user whose sessions were searched
 * or erased, and the client address. {@code id} orders entries of the same millisecond.
 */
public record AuditEntry(
    long id,
    long at,
    String user,
    String action,
    String project,
    String sessionId,
    String userId,
    String client) {
  public static final String VIEW = "replay.view";
  public static final String EVENTS = "events.read";
  public static final String SEARCH_BY_USER = "sessions.search-by-user";
  public static final String DELETE = "session.delete";
  public static final String ERASE = "user.erase";
}
