package dev.replaylink.service.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Builders for OTLP spans as an instrumented backend sends them. */
final class OtlpSpans {
  static final long MS = 1_000_000L;

  private OtlpSpans() {}

  static String randomTraceId() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1;
    return HexFormat.of().formatHex(b);
  }

  static Span.Builder span(String traceId, String session, long startMs, long endMs) {
    byte[] spanId = new byte[8];
    ThreadLocalRandom.current().nextBytes(spanId);
    spanId[0] |= 1;
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId)))
            .setSpanId(ByteString.copyFrom(spanId))
            .setName("GET /checkout")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(startMs * MS + 123)
            .setEndTimeUnixNano(endMs * MS + 456);
    if (session != null) {
      span.addAttributes(attribute("session.id", session));
    }
    return span;
  }

  static Span.Builder failed(Span.Builder span, String type, String message) {
    return span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
        .addEvents(
            Span.Event.newBuilder()
                .setName("exception")
                .setTimeUnixNano(span.getEndTimeUnixNano())
                .addAttributes(attribute("exception.type", type))
                .addAttributes(attribute("exception.message", message)));
  }

  static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static ExportTraceServiceRequest request(Span.Builder... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span.Builder span : spans) {
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
        .build();
  }
}
