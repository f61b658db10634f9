package dev.replaylink.service.errors;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.api.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/errors} over HTTP: stored as a marker once, refused requests store nothing.
 */
@MicronautTest
class ErrorReportApiTest extends EmbeddedServiceTest {
  private static final String LINK = "https://sentry.example.com/organizations/acme/issues/?query=";

  private HttpResponse<String> report(String json, String key, boolean gzip) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        http.request("/api/v1/errors")
            .header("Content-Type", "application/json")
            .header("X-Replaylink-Key", key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? TestObjects.gzip(body) : body));
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return http.send(b);
  }

  private static String sentryReport(String sessionId, String eventId, String link) {
    return "{\"sessionId\":\""
        + sessionId
        + "\",\"timestamp\":"
        + (T0 + 5)
        + ",\"traceId\":\""
        + TestObjects.FIXTURE_TRACE_ID
        + "\",\"source\":\"sentry\",\"eventId\":\""
        + eventId
        + "\",\"type\":\"IllegalStateException\","
        + "\"message\":\"Payment declined\",\"link\":\""
        + link
        + "\"}";
  }

  @Test
  void reportBecomesBackendErrorMarkerOnceEvenWhenResent() {
    String sessionId = randomId("sess");
    String eventId = randomId("ev");
    String json = sentryReport(sessionId, eventId, LINK + eventId);

    HttpResponse<String> first = report(json, INGEST_KEY, true);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("{\"accepted\":1,\"duplicate\":false}", first.body());
    HttpResponse<String> again = report(json, INGEST_KEY, false);
    assertEquals("{\"accepted\":0,\"duplicate\":true}", again.body());

    JsonNode session = Http.json(http.get("/api/v1/sessions/" + sessionId, ADMIN_TOKEN));
    assertEquals(1, session.get("errorCount").asInt());
    assertEquals(1, session.get("markers").size());
    JsonNode marker = session.get("markers").get(0);
    assertEquals(T0 + 5, marker.get("timestamp").asLong());
    assertEquals("backend-error", marker.get("kind").asText());
    assertEquals("Sentry: IllegalStateException: Payment declined", marker.get("label").asText());
    assertEquals(TestObjects.FIXTURE_TRACE_ID, marker.get("traceId").asText());
    assertEquals(LINK + eventId, marker.get("link").asText());
  }

  @Test
  void refusedReportStoresNothing() {
    String sessionId = randomId("sess");
    HttpResponse<String> bad =
        report(sentryReport(sessionId, randomId("ev"), "javascript:alert(1)"), INGEST_KEY, false);
    assertEquals(400, bad.statusCode());
    assertEquals("invalid_field", Http.json(bad).get("error").asText());
    HttpResponse<String> unknownKey =
        report(sentryReport(sessionId, randomId("ev"), LINK), "no-such-key-0123", false);
    assertEquals(401, unknownKey.statusCode());
    assertEquals(404, http.get("/api/v1/sessions/" + sessionId, ADMIN_TOKEN).statusCode());
  }
}
