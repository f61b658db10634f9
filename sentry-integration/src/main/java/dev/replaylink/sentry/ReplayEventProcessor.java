package dev.replaylink.sentry;

import dev.replaylink.protocol.Attributes;
import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.ILogger;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.SpanContext;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Adds the replay session to Sentry error events and queues the back-link report.
 *
 * <p>Runs on the thread that captures the event: no I/O, nothing that waits (the report is a
 * non-blocking queue offer), and nothing thrown back into Sentry: everything that can fail is
 * computed before the event is changed, so a failure leaves it as Sentry built it (a failing report
 * leaves it linked). An event with no session is returned untouched. Thread-safe.
 */
final class ReplayEventProcessor implements EventProcessor {
  static final String TAG_SESSION = SessionBaggage.KEY;
  static final String TAG_URL = Attributes.SESSION_REPLAY_URL;
  static final String CONTEXT = Attributes.SESSION_REPLAY_CONTEXT;

  /** Sentry's limit for tag values; a longer URL stays in the context only. */
  static final int MAX_TAG_VALUE = 200;

  private final String replayBase;
  private final SessionLookup sessions;
  private final boolean useOtel;
  private final ReportQueue reporter;
  private final Supplier<SentryEventLinks> links;
  private volatile ILogger logger;

  ReplayEventProcessor(
      String publicUrl,
      SessionLookup sessions,
      boolean useOtel,
      ReportQueue reporter,
      Supplier<SentryEventLinks> links,
      ILogger logger) {
    this.replayBase = publicUrl + "/replay/";
    this.sessions = sessions;
    this.useOtel = useOtel;
    this.reporter = reporter;
    this.links = links;
    this.logger = logger;
  }

  void setLogger(ILogger logger) {
    this.logger = logger;
  }

  @Override
  public SentryEvent process(SentryEvent event, Hint hint) {
    try {
      String sessionId = sessions.find(event);
      if (sessionId != null && event.getTimestamp() != null) {
        link(event, sessionId);
      }
    } catch (RuntimeException | LinkageError e) {
      logger.log(SentryLevel.DEBUG, "Replaylink: event left without replay link.", e);
    }
    return event;
  }

  private void link(SentryEvent event, String sessionId) {
    long timestamp = event.getTimestamp().getTime();
    String replayUrl = replayBase + sessionId + "?t=" + timestamp;
    String traceId = traceId(event);
    Map<String, Object> context = new LinkedHashMap<>(8);
    context.put("session_id", sessionId);
    context.put("replay_url", replayUrl);
    context.put("timestamp_ms", timestamp);
    if (traceId != null) {
      context.put("trace_id", traceId);
    }
    event.setTag(TAG_SESSION, sessionId);
    if (replayUrl.length() <= MAX_TAG_VALUE) {
      event.setTag(TAG_URL, replayUrl);
    }
    event.getContexts().put(CONTEXT, context);
    if (reporter != null && isError(event) && event.getEventId() != null) {
      report(event, sessionId, timestamp, traceId);
    }
  }

  /**
   * Sentry's trace when Sentry itself traces the request (an active span, or Sentry's OpenTelemetry
   * agent, where both agree); else the current OpenTelemetry span; else Sentry's propagation trace.
   * Without an active span Sentry's trace context holds a per-scope random ID, which would not
   * match the trace the browser started, so the OpenTelemetry trace wins then.
   */
  private String traceId(SentryEvent event) {
    SpanContext trace = event.getContexts().getTrace();
    String sentryTrace = trace == null ? null : validTraceId(trace.getTraceId());
    if (sentryTrace != null && Sentry.getSpan() != null) {
      return sentryTrace;
    }
    if (useOtel) {
      String otelTrace = OtelBridge.currentTraceId();
      if (otelTrace != null) {
        return otelTrace;
      }
    }
    return sentryTrace;
  }

  private static String validTraceId(SentryId id) {
    if (id == null || SentryId.EMPTY_ID.equals(id)) {
      return null;
    }
    String text = id.toString();
    return text.length() == 32 ? text : null;
  }

  private static boolean isError(SentryEvent event) {
    if (event.getThrowable() != null
        || (event.getExceptions() != null && !event.getExceptions().isEmpty())) {
      return true;
    }
    SentryLevel level = event.getLevel();
    return level == SentryLevel.ERROR || level == SentryLevel.FATAL;
  }

  private void report(SentryEvent event, String sessionId, long timestamp, String traceId) {
    String type = null;
    String message = null;
    List<SentryException> exceptions = event.getExceptions();
    if (exceptions != null && !exceptions.isEmpty()) {
      SentryException main = exceptions.get(exceptions.size() - 1);
      type = main.getType();
      message = main.getValue();
    } else if (event.getThrowable() != null) {
      type = event.getThrowable().getClass().getSimpleName();
      message = event.getThrowable().getMessage();
    }
    if (message == null && event.getMessage() != null) {
      message =
          event.getMessage().getFormatted() != null
              ? event.getMessage().getFormatted()
              : event.getMessage().getMessage();
    }
    String eventId = event.getEventId().toString();
    SentryEventLinks eventLinks = links.get();
    String link = eventLinks == null ? null : eventLinks.forEvent(eventId);
    reporter.offer(ErrorReports.json(sessionId, timestamp, traceId, eventId, type, message, link));
  }
}
