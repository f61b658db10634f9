package dev.replaylink.service.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.RawEvent;

/**
 * Decides which custom events are worth a marker on the timeline: errors, console errors, failed
 * requests (status 0 or at least 500), frustration signals, navigation, custom tracks and pauses.
 */
final class MarkerExtractor {
  private MarkerExtractor() {}

  /** The marker for this event, or null when it is not one. */
  static Marker markerFor(String sessionId, RawEvent e) {
    String tag = e.customTag();
    if (tag == null) {
      return null;
    }
    JsonNode p = e.payload();
    return switch (tag) {
      case MarkerKinds.ERROR ->
          marker(sessionId, e, tag, join(text(p, "type"), text(p, "message")), null);
      case MarkerKinds.CONSOLE ->
          isErrorLevel(text(p, "level"))
              ? marker(sessionId, e, tag, text(p, "message"), null)
              : null;
      case MarkerKinds.NETWORK -> {
        int status = p.path("status").asInt(-1);
        if (status == 0 || status >= 500) {
          String label =
              (text(p, "method") == null ? "GET" : text(p, "method"))
                  + " "
                  + text(p, "url")
                  + " → "
                  + (status == 0 ? "failed" : status);
          yield marker(sessionId, e, tag, label, TraceIds.normalize(text(p, "traceId")));
        }
        yield null;
      }
      case MarkerKinds.RAGE_CLICK,
          MarkerKinds.DEAD_CLICK,
          MarkerKinds.ERROR_CLICK,
          MarkerKinds.MOUSE_THRASH ->
          marker(sessionId, e, tag, text(p, "selector"), null);
      case MarkerKinds.NAVIGATION -> marker(sessionId, e, tag, text(p, "url"), null);
      case MarkerKinds.TRACK -> marker(sessionId, e, tag, text(p, "name"), null);
      case MarkerKinds.RECORDING_PAUSED, MarkerKinds.RECORDING_RESUMED ->
          marker(sessionId, e, tag, text(p, "reason"), null);
      default -> null;
    };
  }

  /** The {@code navigation} marker of a page load (a Meta event) that opens a new page. */
  static Marker navigation(String sessionId, RawEvent e, String url) {
    return marker(sessionId, e, MarkerKinds.NAVIGATION, url, null);
  }

  private static boolean isErrorLevel(String level) {
    return "error".equals(level) || "assert".equals(level);
  }

  private static Marker marker(
      String sessionId, RawEvent e, String kind, String label, String traceId) {
    return new Marker(
        sessionId, e.timestamp(), kind, label == null ? kind : label, traceId, null, null);
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + ": " + b;
  }
}
