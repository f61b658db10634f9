package dev.replaylink.otel.internal;

/**
 * The session ID format replay-service accepts, {@code ^[A-Za-z0-9._-]{8,128}$}; anything else is
 * ignored rather than propagated. Checked without regular expressions: this runs for every request
 * span that has a session.
 */
public final class SessionIds {
  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 128;

  private SessionIds() {}

  public static boolean isValid(String sessionId) {
    if (sessionId == null || sessionId.length() < MIN_LENGTH || sessionId.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < sessionId.length(); i++) {
      char c = sessionId.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code <base>/replay/<session>?t=<epoch ms>}; the session must be {@link #isValid valid} (URL-safe). */
  static String replayUrl(String base, String sessionId, long startEpochNanos) {
    return new StringBuilder(base.length() + sessionId.length() + 32)
        .append(base).append("/replay/").append(sessionId).append("?t=").append(startEpochNanos / 1_000_000L)
        .toString();
  }
}
