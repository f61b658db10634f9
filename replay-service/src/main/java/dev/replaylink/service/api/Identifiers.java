package dev.replaylink.service.api;

import dev.replaylink.protocol.SessionIds;
import java.util.regex.Pattern;

/** Checks on identifiers that requests carry (session, user and trace IDs, search terms). */
public final class Identifiers {
  /** Session and window IDs: the protocol's format, as a pattern for request validation. */
  public static final Pattern ID = Pattern.compile(SessionIds.PATTERN);

  /** The largest integer a JSON number carries exactly in a browser (2^53 - 1). */
  public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

  private Identifiers() {}

  /**
   * Refuses an identifier containing U+0000: it could not be stored (PostgreSQL text refuses it)
   * nor searched for, and no real identifier contains it. Free text is cleaned at storage instead.
   *
   * @throws ApiException 400 {@code invalid_field}
   */
  public static void refuseNul(String value, String field) {
    if (value != null && value.indexOf('\u0000') >= 0) {
      throw ApiException.badRequest(
          "invalid_field", "'" + field + "' must not contain the NUL character (U+0000).");
    }
  }
}
