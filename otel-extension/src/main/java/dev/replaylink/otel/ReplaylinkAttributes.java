package dev.replaylink.otel;

import dev.replaylink.protocol.Attributes;
import io.opentelemetry.api.common.AttributeKey;

/** Span attributes and the baggage key written by the extension (public contract, see the docs). */
public final class ReplaylinkAttributes {
  /**
   * Baggage entry and span attribute carrying the browser session ID (semantic-convention name).
   */
  public static final String SESSION_ID_KEY = Attributes.SESSION_ID;

  /** The session ID on every span whose context carries it. */
  public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey(SESSION_ID_KEY);

  /**
   * {@code <public-url>/replay/<session id>?t=<span start epoch ms>} on local root spans and on
   * error spans that have a session.
   */
  public static final AttributeKey<String> SESSION_REPLAY_URL =
      AttributeKey.stringKey(Attributes.SESSION_REPLAY_URL);

  /**
   * The same URL as {@link #SESSION_REPLAY_URL}, under the product's own prefix, on the same spans:
   * for backends and queries that select attributes by vendor.
   */
  public static final AttributeKey<String> REPLAYLINK_REPLAY_URL =
      AttributeKey.stringKey(Attributes.REPLAYLINK_REPLAY_URL);

  private ReplaylinkAttributes() {}
}
