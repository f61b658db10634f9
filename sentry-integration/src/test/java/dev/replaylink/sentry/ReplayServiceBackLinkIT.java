package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.replaylink.testsupport.ServiceProcess;
import io.sentry.Sentry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The back-link: a linked Sentry error becomes a backend-error marker in the real replay-service.
 */
class ReplayServiceBackLinkIT {
  private static final String INGEST_KEY = "it-ingest-" + UUID.randomUUID();
  private static final String API_TOKEN = "it-token-" + UUID.randomUUID();
  private static ServiceProcess service;

  @BeforeAll
  static void startService() throws Exception {
    service =
        ServiceProcess.builder()
            .heap("256m")
            .jvmArgs(List.of("-XX:TieredStopAtLevel=1"))
            .inMemoryH2()
            .project("test", INGEST_KEY)
            .adminToken("test", API_TOKEN)
            .start();
  }

  @AfterAll
  static void stopService() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void linkedErrorAppearsAsMarkerThatOpensTheSentryEvent() throws Exception {
    String sessionId = TestObjects.randomSessionId();
    ReplaylinkIntegration integration =
        ReplaylinkIntegration.builder().url(service.url()).ingestKey(INGEST_KEY).build();
    try (EnvelopeReceiver receiver = new EnvelopeReceiver()) {
      Sentry.init(
          o -> {
            o.setDsn(receiver.dsn());
            o.setEnableUncaughtExceptionHandler(false);
            o.addIntegration(integration);
          });
      HttpServer app = SentryEnvelopeIT.failingApp();
      try {
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/checkout"))
                    .header("baggage", "session.id=" + sessionId)
                    .build(),
                HttpResponse.BodyHandlers.discarding());
      } finally {
        app.stop(0);
      }
      Sentry.flush(5000);
      JsonNode event = receiver.awaitEvent(Duration.ofSeconds(10)).payloadJson();
      assertTrue(integration.awaitReports(Duration.ofSeconds(10)));
      assertEquals(1, integration.sentReports());

      String eventId = event.get("event_id").asText();
      JsonNode marker = backendErrorMarker(sessionId);
      assertEquals(
          TestObjects.epochMillis(event.get("timestamp").asText()),
          marker.get("timestamp").asLong());
      assertEquals("Sentry: IllegalStateException: boom", marker.get("label").asText());
      assertEquals(
          event.at("/contexts/session_replay/trace_id").asText(), marker.get("traceId").asText());
      String dsnHost = URI.create(receiver.dsn()).getPort() + "";
      assertEquals(
          "http://127.0.0.1:"
              + dsnHost
              + "/organizations/sentry/issues/?project=1&query="
              + eventId,
          marker.get("link").asText());
    } finally {
      Sentry.close();
    }
  }

  private static JsonNode backendErrorMarker(String sessionId) throws Exception {
    HttpResponse<String> response = service.get("/api/v1/sessions/" + sessionId, API_TOKEN);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode session = EnvelopeReceiver.json(response.body().getBytes(StandardCharsets.UTF_8));
    assertEquals(1, session.get("errorCount").asInt());
    JsonNode found = null;
    for (JsonNode marker : session.get("markers")) {
      if ("backend-error".equals(marker.get("kind").asText())) {
        found = marker;
      }
    }
    assertNotNull(found, "no backend-error marker in " + response.body());
    return found;
  }
}
