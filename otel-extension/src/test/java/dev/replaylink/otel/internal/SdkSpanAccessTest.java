package dev.replaylink.otel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SdkSpanAccessTest {

  @Test
  void readsStatusAndStartTimeWithoutCopyingTheSpan() {
    assertTrue(SdkSpanAccess.isDirect(), "direct access works on this SDK");
    List<ReadWriteSpan> started = new ArrayList<>();
    SpanProcessor capture =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {
            started.add(span);
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
        };
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(capture).build()) {
      io.opentelemetry.api.trace.Span span =
          provider
              .get("t")
              .spanBuilder("s")
              .setStartTimestamp(1_700_000_000_123_456_789L, TimeUnit.NANOSECONDS)
              .startSpan();
      ReadWriteSpan live = started.get(0);
      assertEquals(1_700_000_000_123_456_789L, SdkSpanAccess.startEpochNanos(live));
      assertFalse(SdkSpanAccess.isError(live));
      span.setStatus(StatusCode.ERROR);
      assertTrue(SdkSpanAccess.isError(live));
      span.setStatus(StatusCode.OK);
      assertFalse(SdkSpanAccess.isError(live));
      span.end();
    }
  }
}
