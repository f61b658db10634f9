package dev.replaylink.service.index;

import java.util.regex.Pattern;

/** W3C trace and span ID formats. */
public final class TraceIds {
  private static final Pattern TRACE_ID = Pattern.compile("^[0-9a-f]{32}$");
  private static final String INVALID = "00000000000000000000000000000000";

  private TraceIds() {}

  /** The lower-cased trace ID, or null when the value is not a valid, non-zero W3C trace ID. */
  public static String normalize(String value) {
    if (value == null) {
      return null;
    }
    String lower = value.trim().toLowerCase(java.util.Locale.ROOT);
    return TRACE_ID.matcher(lower).matches() && !INVALID.equals(lower) ? lower : null;
  }
}
