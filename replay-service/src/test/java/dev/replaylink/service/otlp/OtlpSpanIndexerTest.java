package dev.replaylink.service.otlp;

import static dev.replaylink.service.otlp.OtlpSpans.failed;
import static dev.replaylink.service.otlp.OtlpSpans.randomTraceId;
import static dev.replaylink.service.otlp.OtlpSpans.request;
import static dev.replaylink.service.otlp.OtlpSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.TraceLink;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

class OtlpSpanIndexerTest {
  static final String SESSION = "0192f0c4-7a1b-7c2d-9e3f-405162738495";
  static final long START = 1_760_000_000_000L;

  @Test
  void sessionSpanLinksItsTraceAtTheSpanStart() {
    String trace = randomTraceId();
    OtlpSpanIndexer.Result r =
        OtlpSpanIndexer.index(request(span(trace, SESSION, START, START + 40)));
    assertEquals(1, r.links().size());
    TraceLink link = r.links().get(0);
    assertEquals(new TraceLink(trace, SESSION, START, "otel"), link);
    assertTrue(r.markers().isEmpty());
  }

  @Test
  void errorSpanBecomesBackendErrorMarkerAtItsEndWithExceptionTypeAndMessage() {
    String trace = randomTraceId();
    OtlpSpanIndexer.Result r =
        OtlpSpanIndexer.index(
            request(
                failed(
                    span(trace, SESSION, START, START + 40),
                    "java.lang.IllegalStateException",
                    "card declined")));
    Marker marker = r.markers().get(0);
    assertEquals(MarkerKinds.BACKEND_ERROR, marker.kind());
    assertEquals(START + 40, marker.timestamp());
    assertEquals("java.lang.IllegalStateException: card declined", marker.label());
    assertEquals(trace, marker.traceId());
    assertTrue(marker.dedupeKey().startsWith("otel:" + trace + ":"), marker.dedupeKey());
  }

  @Test
  void oneFailureMarkedOnSeveralSpansGivesOneMarkerFromTheSpanThatThrew() {
    String trace = randomTraceId();
    Span.Builder server =
        span(trace, SESSION, START, START + 50)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    Span.Builder method =
        failed(
            span(trace, SESSION, START + 5, START + 40),
            "java.lang.IllegalStateException",
            "card declined");
    OtlpSpanIndexer.Result r = OtlpSpanIndexer.index(request(server, method));
    assertEquals(1, r.markers().size(), r.markers().toString());
    assertTrue(r.markers().get(0).label().contains("card declined"));
    assertEquals(2, r.links().size());
  }

  @Test
  void errorWithoutExceptionEventIsLabelledWithSpanNameAndStatusMessage() {
    OtlpSpanIndexer.Result r =
        OtlpSpanIndexer.index(
            request(
                span(randomTraceId(), SESSION, START, START + 1)
                    .setStatus(
                        Status.newBuilder()
                            .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                            .setMessage("upstream timeout"))));
    assertEquals("GET /checkout: upstream timeout", r.markers().get(0).label());
  }

  @Test
  void spansWithoutSessionAreIgnoredAndMalformedOnesRejected() {
    OtlpSpanIndexer.Result r =
        OtlpSpanIndexer.index(
            request(
                span(randomTraceId(), null, START, START + 1),
                span(randomTraceId(), "bad id!", START, START + 1),
                span("00000000000000000000000000000000", SESSION, START, START + 1)));
    assertTrue(r.links().isEmpty());
    assertTrue(r.markers().isEmpty());
    assertEquals(2, r.rejected());
  }
}
