package dev.replaylink.otel.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Hands the batch processor only sampled spans that are local roots or errors, the only ones that
 * can carry a replay link: the other spans of a request (most of them) then take no room in its
 * queue, and a busy application's spans cannot crowd out those replay-service needs. Both checks
 * read plain fields of the span, no attribute under its lock. Never throws into the application.
 */
final class RootAndErrorSpanProcessor implements SpanProcessor {
  private final SpanProcessor batch;

  RootAndErrorSpanProcessor(SpanProcessor batch) {
    this.batch = batch;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    try {
      if (span.getSpanContext().isSampled()
          && (SdkSpanAccess.isLocalRoot(span) || SdkSpanAccess.isError(span))) {
        batch.onEnd(span);
      }
    } catch (RuntimeException e) {
      RateLimitedLog.warn("Could not queue a span for replay-service", e);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return batch.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return batch.shutdown();
  }

  @Override
  public String toString() {
    return "RootAndErrorSpanProcessor{" + batch + "}";
  }
}
