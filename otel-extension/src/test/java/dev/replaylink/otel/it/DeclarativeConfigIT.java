package dev.replaylink.otel.it;

import static dev.replaylink.otel.it.AgentScenarios.PUBLIC_URL;
import static dev.replaylink.otel.it.AgentScenarios.TIMEOUT;
import static dev.replaylink.otel.it.AgentScenarios.newSessionId;
import static dev.replaylink.otel.it.AgentScenarios.newSpanId;
import static dev.replaylink.otel.it.AgentScenarios.newTraceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under the current agent with a declarative configuration file ({@code otel.config.file}), where
 * the properties set-up is never called: the {@code replaylink} span processor and propagator
 * listed in the file link and export as the properties do, and a leftover {@code
 * otel.replaylink.url} property is reported as ignored at start-up.
 */
class DeclarativeConfigIT {

  @Test
  void replaylinkComponentsOfTheConfigurationFileLinkAndExport() throws Exception {
    SharedReplayService service = SharedReplayService.shared();
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path file =
          Files.createDirectories(Path.of("target", "it-logs")).resolve("declarative-config.yaml");
      Files.writeString(
          file,
          String.join(
              "\n",
              "file_format: '1.0'",
              "resource:",
              "  attributes:",
              "    - name: service.name",
              "      value: demo-app",
              "propagator:",
              "  composite:",
              "    - tracecontext:",
              "    - baggage:",
              "    - replaylink:",
              "tracer_provider:",
              "  processors:",
              "    - replaylink:",
              "        url: " + service.url(),
              "        public_url: " + PUBLIC_URL,
              "        ingest_key: " + service.ingestKey(),
              "        schedule_delay: 200",
              "    - batch:",
              "        schedule_delay: 200",
              "        exporter:",
              "          otlp_http:",
              "            endpoint: " + receiver.endpoint(),
              ""));
      Map<String, String> properties =
          Map.of(
              "otel.config.file",
              file.toAbsolutePath().toString(),
              "otel.replaylink.url",
              "http://not-read.example.test");
      try (AppProcess app =
          AppProcess.start(
              System.getProperty("replaylink.agent.current"),
              "agent-current-declarative",
              properties)) {
        assertTrue(
            app.log()
                .contains(
                    "otel.replaylink.url is ignored because a declarative configuration file is in use"),
            "the ignored property is reported: " + app.logPath());

        String session = newSessionId();
        String traceId = newTraceId();
        assertEquals(
            500,
            app.get(
                    "/fail",
                    Map.of(
                        "traceparent",
                        "00-" + traceId + "-" + newSpanId() + "-01",
                        "baggage",
                        "session.id=" + session))
                .statusCode());
        List<Span> spans = receiver.awaitTrace(traceId, s -> s.size() >= 2, TIMEOUT);
        assertEquals(2, spans.size(), "server and checkout spans: " + spans);
        for (Span span : spans) {
          assertEquals(session, OtlpReceiver.attribute(span, "session.id"), span.getName());
          String url = OtlpReceiver.attribute(span, "session_replay.url");
          assertNotNull(url, "session_replay.url on " + span.getName());
          assertTrue(url.startsWith(PUBLIC_URL + "/replay/" + session + "?t="), url);
          assertEquals(url, OtlpReceiver.attribute(span, "replaylink.replay.url"));
        }
        JsonNode trace = service.awaitJson("/api/v1/traces/" + traceId, TIMEOUT);
        assertNotNull(trace, "replay-service links trace " + traceId);
        assertEquals(session, trace.get("sessions").get(0).get("sessionId").asText());

        String headerSession = newSessionId();
        String headerTrace = newTraceId();
        app.get(
            "/fail",
            Map.of(
                "traceparent",
                "00-" + headerTrace + "-" + newSpanId() + "-01",
                "x-replaylink-session",
                headerSession));
        List<Span> viaHeader = receiver.awaitTrace(headerTrace, s -> s.size() >= 2, TIMEOUT);
        assertEquals(
            headerSession,
            OtlpReceiver.attribute(viaHeader.get(0), "session.id"),
            "the replaylink propagator read the header");
      }
    }
  }
}
