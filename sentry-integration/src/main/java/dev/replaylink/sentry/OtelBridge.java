package dev.replaylink.sentry;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The only class that touches the OpenTelemetry API. It is used only after {@link #isPresent()}
 * said the API is on the application's class path, so the integration works without it. Under the
 * OpenTelemetry Java agent these calls see the agent's context, which the agent carries across
 * threads and executors. An API too old for these calls turns the bridge off after the first {@link
 * LinkageError} instead of failing on every event.
 */
final class OtelBridge {
  private static volatile boolean disabled;

  private OtelBridge() {}

  /**
   * Whether the OpenTelemetry API can be loaded by the class loader that loaded this integration.
   */
  static boolean isPresent() {
    try {
      Class.forName(
          "io.opentelemetry.api.baggage.Baggage", false, OtelBridge.class.getClassLoader());
      Class.forName("io.opentelemetry.api.trace.Span", false, OtelBridge.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The {@code session.id} baggage entry of the current context, or null. */
  static String baggageSessionId() {
    if (disabled) {
      return null;
    }
    try {
      return Baggage.current().getEntryValue(SessionBaggage.KEY);
    } catch (LinkageError e) {
      disabled = true;
      return null;
    }
  }

  /** The trace ID of the current span when it is valid, or null. */
  static String currentTraceId() {
    if (disabled) {
      return null;
    }
    try {
      SpanContext context = Span.current().getSpanContext();
      return context.isValid() ? context.getTraceId() : null;
    } catch (LinkageError e) {
      disabled = true;
      return null;
    }
  }
}
