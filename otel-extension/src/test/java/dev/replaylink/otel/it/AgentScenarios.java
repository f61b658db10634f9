package dev.replaylink.otel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.testsupport.ServiceProcess;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The acceptance scenarios, run against one agent version by each subclass: a child JVM running
 * {@code DemoApp} under the real agent with the extension, exporting to a local OTLP receiver (the
 * app's own backend) and, through the extension, to the real replay-service. One app JVM per agent
 * version serves all linking tests; the outage test starts its own, pointed at a stopped service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentScenarios {
  static final String PUBLIC_URL = "https://replay.example.test";
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern REPLAY_T = Pattern.compile("\\?t=(\\d+)$");

  private SharedReplayService service;
  private OtlpReceiver receiver;
  private AppProcess app;

  /** Path of the agent jar under test (a failsafe system property). */
  abstract String agentJar();

  abstract String agentName();

  @BeforeAll
  void startApp() throws Exception {
    service = SharedReplayService.shared();
    receiver = OtlpReceiver.start();
    app =
        AppProcess.start(
            agentJar(),
            agentName() + "-linked",
            appProperties(service.url(), service.ingestKey(), receiver));
  }

  @AfterAll
  void stopApp() throws Exception {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  static Map<String, String> appProperties(
      String replaylinkUrl, String key, OtlpReceiver receiver) {
    Map<String, String> p = new HashMap<>();
    p.put("otel.service.name", "demo-app");
    p.put("otel.traces.exporter", "otlp");
    p.put("otel.metrics.exporter", "none");
    p.put("otel.logs.exporter", "none");
    p.put("otel.exporter.otlp.protocol", "http/protobuf");
    p.put("otel.exporter.otlp.traces.endpoint", receiver.endpoint());
    p.put("otel.bsp.schedule.delay", "200");
    p.put("otel.replaylink.url", replaylinkUrl);
    p.put("otel.replaylink.public-url", PUBLIC_URL);
    p.put("otel.replaylink.ingest-key", key);
    return p;
  }

  @Test
  void failedRequestWithBaggageIsLinkedToItsSession() throws Exception {
    String session = newSessionId();
    String traceId = newTraceId();
    HttpResponse<String> response =
        app.get(
            "/fail",
            Map.of(
                "traceparent", "00-" + traceId + "-" + newSpanId() + "-01",
                "baggage", "other=1,session.id=" + session));
    assertEquals(500, response.statusCode());
    assertLinked(traceId, session);
  }

  @Test
  void sessionHeaderWorksWithoutBaggage() throws Exception {
    String session = newSessionId();
    String traceId = newTraceId();
    HttpResponse<String> response =
        app.get(
            "/fail",
            Map.of(
                "traceparent",
                "00-" + traceId + "-" + newSpanId() + "-01",
                "x-replaylink-session",
                session));
    assertEquals(500, response.statusCode());
    assertLinked(traceId, session);
  }

  @Test
  void spansWithoutSessionAreNotLinked() throws Exception {
    String traceId = newTraceId();
    assertEquals(
        500,
        app.get("/fail", Map.of("traceparent", "00-" + traceId + "-" + newSpanId() + "-01"))
            .statusCode());
    List<Span> spans = receiver.awaitTrace(traceId, s -> s.size() >= 2, TIMEOUT);
    assertEquals(2, spans.size(), "server and checkout spans");
    for (Span span : spans) {
      assertEquals(null, OtlpReceiver.attribute(span, "session.id"));
      assertEquals(null, OtlpReceiver.attribute(span, "session_replay.url"));
      assertEquals(null, OtlpReceiver.attribute(span, "replaylink.replay.url"));
    }
    Thread.sleep(1000);
    assertEquals(404, service.get("/api/v1/traces/" + traceId, true).statusCode());
  }

  @Test
  void agentsOwnOtlpExporterDeliversWhenChosen() throws Exception {
    Map<String, String> properties = appProperties(service.url(), service.ingestKey(), receiver);
    properties.put("otel.replaylink.export.sender", "otlp");
    try (AppProcess otlpApp =
        AppProcess.start(agentJar(), agentName() + "-otlp-sender", properties)) {
      String session = newSessionId();
      String traceId = newTraceId();
      assertEquals(
          500,
          otlpApp
              .get(
                  "/fail",
                  Map.of(
                      "traceparent",
                      "00-" + traceId + "-" + newSpanId() + "-01",
                      "baggage",
                      "session.id=" + session))
              .statusCode());
      JsonNode trace = service.awaitJson("/api/v1/traces/" + traceId, TIMEOUT);
      assertNotNull(
          trace,
          "replay-service links trace " + traceId + " exported by the agent's OTLP/HTTP exporter");
      assertEquals(session, trace.get("sessions").get(0).get("sessionId").asText());
      assertFalse(
          otlpApp.log().contains("built-in JSON sender"),
          "the agent's exporter was used: " + otlpApp.logPath());
    }
  }

  @Test
  void appAnswersNormallyWhileReplayServiceIsDown() throws Exception {
    String deadUrl = "http://127.0.0.1:" + ServiceProcess.freePort();
    try (OtlpReceiver ownBackend = OtlpReceiver.start();
        AppProcess outageApp =
            AppProcess.start(
                agentJar(),
                agentName() + "-outage",
                appProperties(deadUrl, "any-key-123", ownBackend))) {
      String lastTrace = null;
      for (int i = 0; i < 20; i++) {
        lastTrace = newTraceId();
        Map<String, String> headers =
            Map.of(
                "traceparent",
                "00-" + lastTrace + "-" + newSpanId() + "-01",
                "baggage",
                "session.id=" + newSessionId());
        assertEquals(200, outageApp.get("/ok", headers).statusCode());
        assertEquals(
            500,
            outageApp
                .get(
                    "/fail",
                    Map.of(
                        "traceparent",
                        "00-" + newTraceId() + "-" + newSpanId() + "-01",
                        "baggage",
                        "session.id=" + newSessionId()))
                .statusCode());
        Thread.sleep(100);
      }
      // Several export attempts (every 200 ms) have failed by now; the app's own tracing still
      // works.
      assertFalse(ownBackend.awaitTrace(lastTrace, s -> !s.isEmpty(), TIMEOUT).isEmpty());
      Thread.sleep(1000);
      // What the app logged while serving (start-up notices of the JVM or the agent do not count).
      String log = outageApp.log();
      log = log.substring(log.indexOf("LISTENING "));
      long warnings =
          log.lines()
              .filter(l -> l.contains("WARN") || l.contains("SEVERE") || l.contains("ERROR"))
              .count();
      assertTrue(
          warnings <= 1,
          "at most one warning per minute, got " + warnings + " in " + outageApp.logPath());
      assertFalse(log.contains("\tat "), "no stack trace in the app log " + outageApp.logPath());
    }
  }

  private void assertLinked(String traceId, String session) throws Exception {
    List<Span> spans = receiver.awaitTrace(traceId, s -> s.size() >= 2, TIMEOUT);
    assertEquals(2, spans.size(), "server and checkout spans of " + traceId + ": " + spans);
    Span server =
        spans.stream()
            .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
            .findFirst()
            .orElseThrow();
    Span checkout =
        spans.stream().filter(s -> s.getName().equals("checkout")).findFirst().orElseThrow();
    for (Span span : spans) {
      assertEquals(
          session, OtlpReceiver.attribute(span, "session.id"), "session.id on " + span.getName());
    }
    assertReplayUrl(server, session);
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, checkout.getStatus().getCode());
    assertReplayUrl(checkout, session);
    // The app makes no outgoing calls: a client span could only come from the export to
    // replay-service.
    for (Span span : receiver.spans()) {
      assertFalse(
          span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT,
          "the export to replay-service was traced: " + span);
    }

    JsonNode trace = service.awaitJson("/api/v1/traces/" + traceId, TIMEOUT);
    assertNotNull(trace, "replay-service links trace " + traceId);
    assertEquals(session, trace.get("sessions").get(0).get("sessionId").asText());

    long errorAt = checkout.getEndTimeUnixNano() / 1_000_000L;
    JsonNode marker = awaitMarker(session, errorAt);
    assertNotNull(marker, "backend-error marker at " + errorAt + " in session " + session);
    assertEquals(traceId, marker.get("traceId").asText());
    assertTrue(marker.get("label").asText().contains("IllegalStateException"), marker.toString());
    assertTrue(marker.get("label").asText().contains("card declined"), marker.toString());
  }

  private JsonNode awaitMarker(String session, long timestamp) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode detail = service.awaitJson("/api/v1/sessions/" + session, Duration.ofSeconds(1));
      if (detail != null) {
        for (JsonNode m : detail.get("markers")) {
          if ("backend-error".equals(m.get("kind").asText())
              && m.get("timestamp").asLong() == timestamp) {
            return m;
          }
        }
      }
      Thread.sleep(200);
    }
    return null;
  }

  private static void assertReplayUrl(Span span, String session) {
    String url = OtlpReceiver.attribute(span, "session_replay.url");
    assertNotNull(url, "session_replay.url on " + span.getName());
    assertEquals(
        url,
        OtlpReceiver.attribute(span, "replaylink.replay.url"),
        "the alias next to session_replay.url");
    assertTrue(url.startsWith(PUBLIC_URL + "/replay/" + session + "?t="), url);
    Matcher t = REPLAY_T.matcher(url);
    assertTrue(t.find(), url);
    assertEquals(
        span.getStartTimeUnixNano() / 1_000_000L,
        Long.parseLong(t.group(1)),
        "t = span start of " + span.getName());
  }

  static String newSessionId() {
    return UUID.randomUUID().toString();
  }

  static String newTraceId() {
    return randomHex(16);
  }

  static String newSpanId() {
    return randomHex(8);
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1;
    return HexFormat.of().formatHex(b);
  }
}
