package dev.replaylink.protocol;

/**
 * Keys under which a session travels outside the recording: W3C baggage, span attributes, Sentry
 * tags and contexts, request headers. Changing a value breaks deployed clients; add, never rename.
 */
public final class Attributes {
  /**
   * Baggage entry, span attribute and Sentry tag carrying the session ID (semantic-convention
   * name).
   */
  public static final String SESSION_ID = "session.id";

  /** Span attribute and Sentry tag: the replay at the moment of the span or event. */
  public static final String SESSION_REPLAY_URL = "session_replay.url";

  /**
   * The same replay URL under the product's own prefix, for backends that group attributes by
   * vendor.
   */
  public static final String REPLAYLINK_REPLAY_URL = "replaylink.replay.url";

  /** Sentry context holding session ID, replay URL, timestamp and trace ID. */
  public static final String SESSION_REPLAY_CONTEXT = "session_replay";

  /** Request header carrying a project's ingest key. */
  public static final String INGEST_KEY_HEADER = "X-Replaylink-Key";

  /** Default request header a backend reads the session from when a request carries no baggage. */
  public static final String SESSION_HEADER = "x-replaylink-session";

  private Attributes() {}
}
