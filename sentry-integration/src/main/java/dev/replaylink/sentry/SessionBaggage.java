package dev.replaylink.sentry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Session ID format and W3C baggage parsing. Stateless and thread-safe. */
final class SessionIds {
  /** Baggage entry and tag key carrying the session ID (OpenTelemetry semantic convention name). */
  static final String KEY = "session.id";
  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 128;

  private SessionIds() {}

  /**
   * The value when it is a well-formed session ID ({@code ^[A-Za-z0-9._-]{8,128}$}, the format
   * replay-service accepts), else null. A loop rather than a regex: this runs for every event.
   */
  static String valid(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    int length = trimmed.length();
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      return null;
    }
    for (int i = 0; i < length; i++) {
      char c = trimmed.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return null;
      }
    }
    return trimmed;
  }

  /**
   * The {@code session.id} entry of a W3C {@code baggage} header value (entries separated by commas,
   * properties after semicolons, values percent-encoded), or null when absent or malformed.
   */
  static String fromBaggage(String header) {
    if (header == null || header.isEmpty()) {
      return null;
    }
    int start = 0;
    while (start < header.length()) {
      int end = header.indexOf(',', start);
      if (end < 0) {
        end = header.length();
      }
      int eq = header.indexOf('=', start);
      if (eq > start && eq < end && header.substring(start, eq).trim().equals(KEY)) {
        int props = header.indexOf(';', eq);
        String raw = header.substring(eq + 1, props > 0 && props < end ? props : end);
        return valid(decode(raw));
      }
      start = end + 1;
    }
    return null;
  }

  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
