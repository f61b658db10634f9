package dev.replaylink.otel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpJsonEncoderTest {

  @Test
  void spansAreWrittenAsOtlpJsonWithHexIdsAndExceptionEvents() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SpanData data;
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      io.opentelemetry.api.trace.Span span =
          provider
              .get("scope-a", "1.2")
              .spanBuilder("GET \"/x\"\n")
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("session.id", "s-12345678")
              .setAttribute(AttributeKey.longKey("http.status"), 500L)
              .setAttribute(AttributeKey.doubleKey("ratio"), Double.NaN)
              .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b\\c"))
              .startSpan();
      span.recordException(new IllegalStateException("card \"declined\""));
      span.setStatus(StatusCode.ERROR, "boom");
      span.end();
      // read before close: shutting the in-memory exporter down clears it
      data = memory.getFinishedSpanItems().get(0);
    }
    JsonNode json = new ObjectMapper().readTree(OtlpJsonEncoder.encode(List.of(data)));
    JsonNode scopeSpans = json.at("/resourceSpans/0/scopeSpans/0");
    assertEquals("scope-a", scopeSpans.at("/scope/name").asText());
    JsonNode s = scopeSpans.at("/spans/0");
    assertEquals(data.getTraceId(), s.get("traceId").asText());
    assertEquals(data.getSpanId(), s.get("spanId").asText());
    assertEquals("GET \"/x\"\n", s.get("name").asText());
    assertEquals(2, s.get("kind").asInt());
    assertEquals(String.valueOf(data.getStartEpochNanos()), s.get("startTimeUnixNano").asText());
    assertEquals(2, s.at("/status/code").asInt());
    assertEquals("boom", s.at("/status/message").asText());
    assertEquals("exception", s.at("/events/0/name").asText());
    String attrs = s.get("attributes").toString();
    assertEquals(
        true, attrs.contains("{\"key\":\"http.status\",\"value\":{\"intValue\":\"500\"}}"), attrs);
    assertEquals(true, attrs.contains("\"doubleValue\":\"NaN\""), attrs);
    assertEquals(true, attrs.contains("{\"stringValue\":\"b\\\\c\"}"), attrs);
    assertEquals(true, s.at("/events/0/attributes").toString().contains("card \\\"declined\\\""));
  }
}
