package dev.replaylink.service.api;

import java.util.regex.Pattern;

/** Checks on identifiers that requests carry (session, user and trace IDs, search terms). */
public final class Identifiers {
  /** Session and window IDs: the format docs/api.md promises to accept. */
  public static final Pattern ID = Pattern.compile("^[A-Za-z0-9._-]{8,128}$");
  /** The largest integer a JSON number carries exactly in a browser (2^53 - 1). */
  public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

  private Identifiers() {}

  /**
   * Refuses an identifier containing U+0000: it could not be stored (PostgreSQL text refuses it) nor
   * searched for, and no real identifier contains it. Free text is cleaned at storage instead.
   *
   * @throws ApiException 400 {@code invalid_field}
   */
  public static void refuseNul(String value, String field) {
    if (value != null && value.indexOf('\u0000') >= 0) {
      throw ApiException.badRequest("invalid_field", "'" + field + "' must not contain the NUL character (U+0000).");
    }
  }
}
