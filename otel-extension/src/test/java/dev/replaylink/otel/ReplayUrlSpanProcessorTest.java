package dev.replaylink.otel;

import static dev.replaylink.otel.TestObjects.LINK_BASE;
import static dev.replaylink.otel.TestObjects.SESSION;
import static dev.replaylink.otel.TestObjects.remoteParentWithSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.replaylink.otel.internal.ReplayUrlSpanProcessor;
import dev.replaylink.otel.internal.SessionBaggageSpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplayUrlSpanProcessorTest {
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(SessionBaggageSpanProcessor.create())
          .addSpanProcessor(ReplayUrlSpanProcessor.create(LINK_BASE))
          .addSpanProcessor(SimpleSpanProcessor.create(exported))
          .build();
  private final Tracer tracer = provider.get("test");

  @AfterEach
  void close() {
    provider.close();
  }

  private SpanData finished(String name) {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String expectedUrl(SpanData span) {
    return LINK_BASE
        + "/replay/"
        + SESSION
        + "?t="
        + TimeUnit.NANOSECONDS.toMillis(span.getStartEpochNanos());
  }

  @Test
  void serverSpanOfASessionLinksToTheReplayAtItsStart() {
    Context parent = remoteParentWithSession(SESSION);
    Span server =
        tracer
            .spanBuilder("GET /cart")
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setStartTimestamp(1_700_000_000_123L, TimeUnit.MILLISECONDS)
            .startSpan();
    try (Scope ignored = parent.with(server).makeCurrent()) {
      tracer.spanBuilder("db query").startSpan().end();
    }
    server.end();
    SpanData root = finished("GET /cart");
    assertEquals(SESSION, root.getAttributes().get(ReplaylinkAttributes.SESSION_ID));
    assertEquals(
        LINK_BASE + "/replay/" + SESSION + "?t=1700000000123",
        root.getAttributes().get(ReplaylinkAttributes.SESSION_REPLAY_URL));
    assertEquals(
        root.getAttributes().get(ReplaylinkAttributes.SESSION_REPLAY_URL),
        root.getAttributes().get(ReplaylinkAttributes.REPLAYLINK_REPLAY_URL),
        "the alias carries the same link");
    SpanData child = finished("db query");
    assertEquals(SESSION, child.getAttributes().get(ReplaylinkAttributes.SESSION_ID));
    assertNull(
        child.getAttributes().get(ReplaylinkAttributes.SESSION_REPLAY_URL),
        "healthy child spans carry no link");
  }

  @Test
  void failedChildSpanLinksToTheReplayAtItsOwnStart() {
    Context parent = remoteParentWithSession(SESSION);
    Span server =
        tracer.spanBuilder("POST /pay").setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
    try (Scope ignored = parent.with(server).makeCurrent()) {
      Span failing = tracer.spanBuilder("charge card").startSpan();
      failing.recordException(new IllegalStateException("card declined"));
      failing.setStatus(StatusCode.ERROR);
      failing.end();
    }
    server.end();
    SpanData failed = finished("charge card");
    assertEquals(
        expectedUrl(failed), failed.getAttributes().get(ReplaylinkAttributes.SESSION_REPLAY_URL));
    assertEquals(
        expectedUrl(failed),
        failed.getAttributes().get(ReplaylinkAttributes.REPLAYLINK_REPLAY_URL));
  }

  @Test
  void spansWithoutSessionGetNoLink() {
    Context parent = remoteParentWithSession(null);
    Span server = tracer.spanBuilder("GET /health").setParent(parent).startSpan();
    server.setStatus(StatusCode.ERROR);
    server.end();
    SpanData span = finished("GET /health");
    assertNull(span.getAttributes().get(ReplaylinkAttributes.SESSION_ID));
    assertNull(span.getAttributes().get(ReplaylinkAttributes.SESSION_REPLAY_URL));
    assertNull(span.getAttributes().get(ReplaylinkAttributes.REPLAYLINK_REPLAY_URL));
  }
}
