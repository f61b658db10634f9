package dev.replaylink.protocol;

/**
 * The format of session and window IDs: {@code ^[A-Za-z0-9._-]{8,128}$}. replay-service rejects
 * other IDs with 400; the backend integrations ignore them rather than propagate them. The snippet
 * generates UUIDv7 text, which always matches. Stateless and thread-safe.
 */
public final class SessionIds {
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;

  /**
   * The format as a regular expression, for messages and for callers that hold a {@code Pattern}.
   */
  public static final String PATTERN = "^[A-Za-z0-9._-]{8,128}$";

  private SessionIds() {}

  /**
   * True when the value matches {@link #PATTERN}. A loop rather than a regex: the integrations call
   * it for every span and event that carries a session.
   */
  public static boolean isValid(String id) {
    if (id == null || id.length() < MIN_LENGTH || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (!isIdChar(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIdChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }
}
