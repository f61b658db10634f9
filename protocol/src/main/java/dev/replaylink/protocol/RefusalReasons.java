package dev.replaylink.protocol;

/**
 * The {@code error} codes of ingest refusals that a client acts on: whether to retry, wait or start
 * a new session. Other 4xx codes name a malformed field and are for the log.
 */
public final class RefusalReasons {
  /** 400: a session or window ID does not match {@link SessionIds#PATTERN}. */
  public static final String INVALID_ID = "invalid_id";

  /** 413: the body is larger than the service accepts. */
  public static final String BODY_TOO_LARGE = "body_too_large";

  /** 413: the body grows past the decompressed limit. */
  public static final String DECOMPRESSED_TOO_LARGE = "decompressed_too_large";

  /**
   * 413: the session reached a limit ({@link PauseReasons#LIMIT_BYTES} or {@link
   * PauseReasons#LIMIT_DURATION}).
   */
  public static final String SESSION_LIMIT_REACHED = "session_limit_reached";

  /** 429: too many requests for the key or the session; retry after {@code Retry-After}. */
  public static final String RATE_LIMITED = "rate_limited";

  private RefusalReasons() {}
}
