package dev.replaylink.protocol;

/**
 * The {@code reason} of {@code recording-paused} and {@code recording-resumed} events: why the
 * snippet stopped recording a page, or which session limit the service enforced.
 */
public final class PauseReasons {
  /** The page matched {@code excludeUrls}. */
  public static final String EXCLUDED_PAGE = "excluded-page";

  /** The page called {@code stopRecording()}. */
  public static final String MANUAL = "manual";

  /** The page changed its DOM faster than the recorder's mutation limit. */
  public static final String MUTATION_STORM = "mutation-storm";

  /** The snippet's queue overflowed while the service was unreachable. */
  public static final String EVENTS_DROPPED = "events-dropped";

  /** The session reached the service's stored-bytes limit. */
  public static final String LIMIT_BYTES = "bytes";

  /** The session reached the service's duration limit. */
  public static final String LIMIT_DURATION = "duration";

  private PauseReasons() {}
}
