package dev.replaylink.sentry;

import dev.replaylink.protocol.Attributes;
import dev.replaylink.protocol.SessionIds;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The session ID a value or a W3C baggage header carries, checked against the protocol's format.
 * Stateless and thread-safe.
 */
final class SessionBaggage {
  /** Baggage entry and tag key carrying the session ID (OpenTelemetry semantic convention name). */
  static final String KEY = Attributes.SESSION_ID;

  private SessionBaggage() {}

  /**
   * The value, trimmed, when it is a well-formed session ID ({@link SessionIds#isValid}), else
   * null.
   */
  static String valid(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return SessionIds.isValid(trimmed) ? trimmed : null;
  }

  /**
   * The {@code session.id} entry of a W3C {@code baggage} header value (entries separated by
   * commas, properties after semicolons, values percent-encoded), or null when absent or malformed.
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
