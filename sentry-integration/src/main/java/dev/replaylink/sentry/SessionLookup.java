package dev.replaylink.sentry;

import io.sentry.SentryEvent;
import io.sentry.protocol.Request;
import java.util.Map;

/**
 * Finds the replay session an event belongs to, in this order: the OpenTelemetry baggage of the
 * current context; the {@code baggage} header, then the fallback session header, of the event's
 * request data; a {@code session.id} tag the application set on the scope. Thread-safe; never
 * throws for malformed input (it is treated as no session).
 */
final class SessionLookup {
  private final boolean useOtel;
  private final String fallbackHeader;

  SessionLookup(boolean useOtel, String fallbackHeader) {
    this.useOtel = useOtel;
    this.fallbackHeader = fallbackHeader;
  }

  /** The session ID, or null when the event has none. */
  String find(SentryEvent event) {
    if (useOtel) {
      String fromContext = SessionBaggage.valid(OtelBridge.baggageSessionId());
      if (fromContext != null) {
        return fromContext;
      }
    }
    String fromRequest = fromRequest(event.getRequest());
    if (fromRequest != null) {
      return fromRequest;
    }
    return SessionBaggage.valid(event.getTag(SessionBaggage.KEY));
  }

  private String fromRequest(Request request) {
    Map<String, String> headers = request == null ? null : request.getHeaders();
    if (headers == null || headers.isEmpty()) {
      return null;
    }
    String fallback = null;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if ("baggage".equalsIgnoreCase(name)) {
        String id = SessionBaggage.fromBaggage(header.getValue());
        if (id != null) {
          return id;
        }
      } else if (fallbackHeader != null && fallbackHeader.equalsIgnoreCase(name)) {
        fallback = SessionBaggage.valid(header.getValue());
      }
    }
    return fallback;
  }
}
