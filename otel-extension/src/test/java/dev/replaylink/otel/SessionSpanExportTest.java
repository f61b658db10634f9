package dev.replaylink.otel;

import static dev.replaylink.otel.TestObjects.LINK_BASE;
import static dev.replaylink.otel.TestObjects.SESSION;
import static dev.replaylink.otel.TestObjects.remoteParentWithSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.otel.internal.ReplayUrlSpanProcessor;
import dev.replaylink.otel.internal.SessionBaggageSpanProcessor;
import dev.replaylink.otel.internal.SessionSpanExport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionSpanExportTest {

  private static SdkTracerProvider provider(SpanProcessor export) {
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
    InMemorySpanExporter sent = InMemorySpanExporter.create();
    SpanProcessor export = SessionSpanExport.processor(sent, 20);
    try (SdkTracerProvider provider = provider(export)) {
      request(provider.get("test"), SESSION);
      request(provider.get("test"), null);
      assertTrue(export.forceFlush().join(5, TimeUnit.SECONDS).isSuccess());
      assertEquals(
          List.of("failed", "server"),
          sent.getFinishedSpanItems().stream().map(SpanData::getName).sorted().toList());
    }
  }

  @Test
  void endingSpansNeverWaitsForAStuckReplayService() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger offered = new AtomicInteger();
    SpanExporter stuck =
        new RecordingExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            offered.addAndGet(spans.size());
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return CompletableResultCode.ofSuccess();
          }
        };
    SpanProcessor export = SessionSpanExport.processor(stuck, 5);
    try (SdkTracerProvider provider = provider(export)) {
      // Far more session spans than the queue holds, while the exporter hangs on its first batch:
      // the application thread finishes anyway, the surplus is dropped.
      CompletableFuture<Void> app =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 3000; i++) {
                  request(provider.get("test"), SESSION);
                }
              });
      app.get(60, TimeUnit.SECONDS);
      release.countDown();
      assertTrue(export.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
      assertTrue(
          offered.get() < 6000,
          "a full queue drops spans instead of growing: " + offered.get() + " exported");
    }
  }

  @Test
  void failedExportsAreDroppedAndLaterBatchesStillGo() {
    AtomicBoolean down = new AtomicBoolean(true);
    InMemorySpanExporter delivered = InMemorySpanExporter.create();
    SpanExporter flaky =
        new RecordingExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            return down.get() ? CompletableResultCode.ofFailure() : delivered.export(spans);
          }
        };
    SpanProcessor export = SessionSpanExport.processor(flaky, 10);
    try (SdkTracerProvider provider = provider(export)) {
      request(provider.get("test"), SESSION);
      export.forceFlush().join(5, TimeUnit.SECONDS);
      down.set(false);
      request(provider.get("test"), SESSION);
      export.forceFlush().join(5, TimeUnit.SECONDS);
      // the export thread may still hold the second batch when a flush returns on a busy machine:
      // wait for it (bounded), then check that nothing more than its two spans came
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (delivered.getFinishedSpanItems().size() < 2 && System.nanoTime() < deadline) {
        export.forceFlush().join(1, TimeUnit.SECONDS);
      }
      assertEquals(
          2,
          delivered.getFinishedSpanItems().size(),
          "the second request's spans, not a retry of the first");
    }
  }

  @Test
  void anExporterThatThrowsIsAFailedExportNotAnError() {
    SpanExporter broken =
        new RecordingExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            throw new IllegalStateException("broken exporter (test)");
          }
        };
    SpanProcessor export = SessionSpanExport.processor(broken, 10);
    try (SdkTracerProvider provider = provider(export)) {
      request(provider.get("test"), SESSION);
      assertTrue(export.forceFlush().join(5, TimeUnit.SECONDS).isDone());
    }
  }

  private abstract static class RecordingExporter implements SpanExporter {
    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
