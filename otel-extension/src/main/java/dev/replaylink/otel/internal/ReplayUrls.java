package dev.replaylink.otel.internal;

/**
 * Replay links of spans; the session must already be {@code SessionIds.isValid valid} (so
 * URL-safe).
 */
final class ReplayUrls {
  private ReplayUrls() {}

  /** {@code <base>/replay/<session>?t=<epoch ms>}. */
  static String at(String base, String sessionId, long startEpochNanos) {
    return new StringBuilder(base.length() + sessionId.length() + 32)
        .append(base)
        .append("/replay/")
        .append(sessionId)
        .append("?t=")
        .append(startEpochNanos / 1_000_000L)
        .toString();
  }
}
