package dev.replaylink.otel;

import static dev.replaylink.otel.TestObjects.LINK_BASE;
import static dev.replaylink.otel.TestObjects.SESSION;
import static dev.replaylink.otel.TestObjects.remoteParentWithSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.otel.internal.ReplayUrlSpanProcessor;
import dev.replaylink.otel.internal.SessionBaggageSpanProcessor;
import dev.replaylink.otel.internal.SessionSpanExportProcessor;
import dev.replaylink.otel.internal.SpanBatchSender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionSpanExportProcessorTest {

  private static SdkTracerProvider provider(SessionSpanExportProcessor export) {
    return SdkTracerProvider.builder()
        .addSpanProcessor(SessionBaggageSpanProcessor.create())
        .addSpanProcessor(ReplayUrlSpanProcessor.create(LINK_BASE))
        .addSpanProcessor(export)
        .build();
  }

  /** One request: a server span with a healthy and a failed child. */
  private static void request(Tracer tracer, String session) {
    Context parent = remoteParentWithSession(session);
    Span server = tracer.spanBuilder("server").setParent(parent).startSpan();
    try (Scope ignored = parent.with(server).makeCurrent()) {
      tracer.spanBuilder("healthy").startSpan().end();
      Span failed = tracer.spanBuilder("failed").startSpan();
      failed.setStatus(StatusCode.ERROR);
      failed.end();
    }
    server.end();
  }

  @Test
  void onlyLocalRootsAndErrorsOfSessionsAreSent() {
    List<SpanData> sent = new CopyOnWriteArrayList<>();
    SessionSpanExportProcessor export = SessionSpanExportProcessor.builder(sent::addAll).scheduleDelayMillis(20).build();
    try (SdkTracerProvider provider = provider(export)) {
      request(provider.get("test"), SESSION);
      request(provider.get("test"), null);
      assertTrue(export.forceFlush().join(5, TimeUnit.SECONDS).isSuccess());
      assertEquals(List.of("failed", "server"), sent.stream().map(SpanData::getName).sorted().toList());
      assertEquals(2, export.exportedSpans());
    }
  }

  @Test
  void fullQueueDropsAndCountsInsteadOfBlockingTheApp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SpanBatchSender stuck = batch -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    SessionSpanExportProcessor export = SessionSpanExportProcessor.builder(stuck)
        .queueSize(4).maxBatch(2).scheduleDelayMillis(5).build();
    try (SdkTracerProvider provider = provider(export)) {
      long start = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        request(provider.get("test"), SESSION);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 2000, "ending 600 spans took " + millis + " ms while replay-service hangs");
      assertTrue(export.droppedSpans() >= 400 - 4 - 2, "dropped " + export.droppedSpans());
      release.countDown();
    }
  }

  @Test
  void failedExportsAreCountedAndLaterBatchesStillGo() {
    List<SpanData> sent = new CopyOnWriteArrayList<>();
    boolean[] down = {true};
    SpanBatchSender flaky = batch -> {
      if (down[0]) {
        throw new SpanBatchSender.SendException("replay-service is unreachable (test)");
      }
      sent.addAll(batch);
    };
    SessionSpanExportProcessor export = SessionSpanExportProcessor.builder(flaky).scheduleDelayMillis(10).build();
    try (SdkTracerProvider provider = provider(export)) {
      request(provider.get("test"), SESSION);
      export.forceFlush().join(5, TimeUnit.SECONDS);
      assertEquals(2, export.droppedSpans());
      down[0] = false;
      request(provider.get("test"), SESSION);
      export.forceFlush().join(5, TimeUnit.SECONDS);
      assertEquals(2, sent.size());
    }
  }
}
