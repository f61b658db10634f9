package dev.replaylink.otel.it;

import static dev.replaylink.otel.TestObjects.MAP_GETTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.otel.ReplaylinkAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SDK mode: no agent, the application builds its SDK with autoconfigure and has the extension jar
 * on its class path. The contrib baggage processor is absent here, so the extension's own copy of
 * {@code session.id} is used. Spans go to an in-memory exporter (the app's backend) and, through
 * the extension, to the real replay-service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkAutoconfigureIT {
  private SharedReplayService service;
  private OpenTelemetrySdk sdk;
  private final InMemorySpanExporter backend = InMemorySpanExporter.create();

  @BeforeAll
  void startSdk() throws Exception {
    service = SharedReplayService.shared();
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", "sdk-app");
    properties.put("otel.traces.exporter", "none");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    properties.put("otel.bsp.schedule.delay", "100");
    properties.put("otel.replaylink.url", service.url());
    properties.put("otel.replaylink.ingest-key", service.ingestKey());
    sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .addTracerProviderCustomizer(
                (builder, config) -> builder.addSpanProcessor(SimpleSpanProcessor.create(backend)))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
  }

  @AfterAll
  void closeSdk() {
    if (sdk != null) {
      sdk.close();
    }
  }

  @Test
  void baggageSessionIsOnEverySpanAndLinkedInReplayService() throws Exception {
    String session = AgentScenarios.newSessionId();
    String traceId = AgentScenarios.newTraceId();
    handleFailingRequest(
        Map.of(
            "traceparent",
            "00-" + traceId + "-" + AgentScenarios.newSpanId() + "-01",
            "baggage",
            "session.id=" + session));
    assertLinked(traceId, session);
  }

  @Test
  void sessionHeaderIsReadWithoutBaggage() throws Exception {
    String session = AgentScenarios.newSessionId();
    String traceId = AgentScenarios.newTraceId();
    handleFailingRequest(
        Map.of(
            "traceparent",
            "00-" + traceId + "-" + AgentScenarios.newSpanId() + "-01",
            "x-replaylink-session",
            session));
    assertLinked(traceId, session);
  }

  /**
   * What a server instrumentation does: extract, start a server span, run the handler in its
   * context.
   */
  private void handleFailingRequest(Map<String, String> headers) {
    Context extracted =
        sdk.getPropagators().getTextMapPropagator().extract(Context.root(), headers, MAP_GETTER);
    Tracer tracer = sdk.getTracer("sdk-app");
    Span server =
        tracer
            .spanBuilder("POST /pay")
            .setSpanKind(SpanKind.SERVER)
            .setParent(extracted)
            .startSpan();
    try (Scope ignored = extracted.with(server).makeCurrent()) {
      Span checkout = tracer.spanBuilder("checkout").startSpan();
      checkout.recordException(new IllegalStateException("card declined"));
      checkout.setStatus(StatusCode.ERROR);
      checkout.end();
      tracer.spanBuilder("audit").startSpan().end();
    } finally {
      server.end();
    }
  }

  private void assertLinked(String traceId, String session) throws Exception {
    List<SpanData> spans =
        backend.getFinishedSpanItems().stream()
            .filter(s -> s.getTraceId().equals(traceId))
            .toList();
    assertEquals(3, spans.size());
    for (SpanData span : spans) {
      assertEquals(
          session, span.getAttributes().get(ReplaylinkAttributes.SESSION_ID), span.getName());
      String url = span.getAttributes().get(ReplaylinkAttributes.SESSION_REPLAY_URL);
      if (span.getName().equals("audit")) {
        assertNull(url, "healthy child span carries no link");
      } else {
        assertEquals(
            service.url()
                + "/replay/"
                + session
                + "?t="
                + TimeUnit.NANOSECONDS.toMillis(span.getStartEpochNanos()),
            url);
      }
    }
    assertTrue(sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    JsonNode trace = service.awaitJson("/api/v1/traces/" + traceId, Duration.ofSeconds(10));
    assertNotNull(trace, "replay-service links trace " + traceId);
    assertEquals(session, trace.get("sessions").get(0).get("sessionId").asText());

    SpanData checkout =
        spans.stream().filter(s -> s.getName().equals("checkout")).findFirst().orElseThrow();
    JsonNode detail = service.awaitJson("/api/v1/sessions/" + session, Duration.ofSeconds(10));
    assertNotNull(detail);
    JsonNode marker = null;
    for (JsonNode m : detail.get("markers")) {
      if (m.get("kind").asText().equals("backend-error")) {
        marker = m;
      }
    }
    assertNotNull(marker, detail.toString());
    assertEquals(
        TimeUnit.NANOSECONDS.toMillis(checkout.getEndEpochNanos()),
        marker.get("timestamp").asLong());
    assertEquals("java.lang.IllegalStateException: card declined", marker.get("label").asText());
  }
}
