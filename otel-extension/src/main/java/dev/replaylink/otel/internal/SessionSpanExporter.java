package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkAttributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Passes on only the spans replay-service indexes: those with a session and a replay link (local
 * roots and errors, see {@link ReplayUrlSpanProcessor}). Runs on the batch processor's thread, so
 * the attribute lookups cost the application nothing. Never throws: a failing delegate is a failed
 * export, which the batch processor drops.
 */
public final class SessionSpanExporter implements SpanExporter {
  private final SpanExporter delegate;

  public SessionSpanExporter(SpanExporter delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    try {
      List<SpanData> linked = new ArrayList<>(spans.size());
      for (SpanData span : spans) {
        if (span.getAttributes().get(ReplaylinkAttributes.SESSION_ID) != null
            && span.getAttributes().get(ReplaylinkAttributes.SESSION_REPLAY_URL) != null) {
          linked.add(span);
        }
      }
      return linked.isEmpty() ? CompletableResultCode.ofSuccess() : delegate.export(linked);
    } catch (RuntimeException e) {
      RateLimitedLog.warn("Exporting spans to replay-service failed", e);
      return CompletableResultCode.ofFailure();
    }
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "SessionSpanExporter{" + delegate + "}";
  }
}
