package dev.replaylink.service.model;

/**
 * A moment worth jumping to in a replay (an error, a failed request, a rage click, a backend error).
 *
 * @param dedupeKey identifies the marker's origin (e.g. a Sentry event ID or span ID) so that a
 *     re-delivered report is not stored twice; null for markers that come with a browser batch
 *     (those are already idempotent through the batch).
 */
public record Marker(
    String sessionId, long timestamp, String kind, String label, String traceId, String link, String dedupeKey) {

  public static final int MAX_LABEL = 500;
  private static final String STAND_IN = "#stand-in";

  /**
   * A dedupe key for a stand-in error marker: a backend error known only from a span's failed status.
   * Storage keeps it only while the session has no other backend error of the same trace, and drops
   * it when one arrives (the span that threw, or a Sentry report), so one failure shows once.
   */
  public static String standInKey(String origin) {
    return origin + STAND_IN;
  }

  /** Whether this marker is a stand-in (see {@link #standInKey}). */
  public boolean standIn() {
    return isStandInKey(dedupeKey);
  }

  public static boolean isStandInKey(String dedupeKey) {
    return dedupeKey != null && dedupeKey.endsWith(STAND_IN);
  }

  public Marker {
    label = Text.withoutNul(label);
    link = Text.withoutNul(link);
    if (label != null && label.length() > MAX_LABEL) {
      label = label.substring(0, MAX_LABEL - 1) + "…";
    }
  }
}
