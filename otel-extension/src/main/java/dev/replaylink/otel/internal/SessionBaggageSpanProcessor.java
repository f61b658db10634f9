package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkAttributes;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Copies the {@code session.id} baggage entry onto each span at start. Used only in SDK mode when
 * the OpenTelemetry contrib baggage processor (which the Java agent bundles and configures from
 * {@code otel.java.experimental.span-attributes.copy-from-baggage.include}) is not on the class
 * path. Never throws into the application.
 */
public final class SessionBaggageSpanProcessor implements SpanProcessor {
  private SessionBaggageSpanProcessor() {}

  public static SessionBaggageSpanProcessor create() {
    return new SessionBaggageSpanProcessor();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    try {
      String session =
          Baggage.fromContext(parentContext).getEntryValue(ReplaylinkAttributes.SESSION_ID_KEY);
      if (session != null) {
        span.setAttribute(ReplaylinkAttributes.SESSION_ID, session);
      }
    } catch (RuntimeException e) {
      RateLimitedLog.warn("Could not copy session.id from baggage to a span", e);
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }
}
