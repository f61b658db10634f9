package dev.replaylink.service.errors;

import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.model.Marker;
import java.util.Locale;

/** What an error report looks like on the replay timeline: a {@code backend-error} marker. */
final class ErrorMarkers {
  private ErrorMarkers() {}

  /**
   * The marker for a report. Its label names the source ("Sentry: IllegalStateException: boom");
   * its dedupe key is source and event ID, so a re-delivered report is stored once.
   */
  static Marker of(ErrorReport report) {
    String dedupeKey = report.eventId() == null ? null : report.source() + ":" + report.eventId();
    return new Marker(
        report.sessionId(),
        report.timestamp(),
        MarkerKinds.BACKEND_ERROR,
        label(report),
        report.traceId(),
        report.link(),
        dedupeKey);
  }

  static String label(ErrorReport report) {
    StringBuilder label = new StringBuilder(displayName(report.source())).append(": ");
    if (report.type() != null && report.message() != null) {
      label.append(report.type()).append(": ").append(report.message());
    } else if (report.type() != null) {
      label.append(report.type());
    } else if (report.message() != null) {
      label.append(report.message());
    } else {
      label.append("error");
    }
    return label.toString();
  }

  private static String displayName(String source) {
    return source.substring(0, 1).toUpperCase(Locale.ROOT) + source.substring(1);
  }
}
