package dev.replaylink.service.model;

/**
 * A moment worth jumping to in a replay (an error, a failed request, a rage click, a backend
 * error).
 *
 * @param dedupeKey identifies the marker's origin (e.g. a Sentry event ID or span ID) so that a
 *     re-delivered report is not stored twice; null for markers that come with a browser batch
 *     (those are already idempotent through the batch).
 */
public record Marker(
    String sessionId,
    long timestamp,
    String kind,
    String label,
    String traceId,
    String link,
    String dedupeKey) {

  public static final int MAX_LABEL = 500;

  public Marker {
    label = Text.withoutNul(label);
    link = Text.withoutNul(link);
    if (label != null && label.length() > MAX_LABEL) {
      label = label.substring(0, MAX_LABEL - 1) + "…";
    }
  }
}
