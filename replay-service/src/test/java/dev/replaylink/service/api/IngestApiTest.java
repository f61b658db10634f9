package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.storage.StorageComponent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ingest endpoint end to end over HTTP, against H2: recording round trip, idempotency, trace
 * lookup.
 */
@MicronautTest
class IngestApiTest extends EmbeddedServiceTest {
  @Inject StorageComponent storage;

  @Test
  void recordedFixtureInGzipBatchesWithARetryReadsBackOnceInOrder() {
    List<JsonNode> fixture = TestObjects.fixtureEvents();
    String session = randomId("sess");
    String window = randomId("win");
    int per = 12;
    List<ObjectNode> batches = new ArrayList<>();
    for (int i = 0; i * per < fixture.size(); i++) {
      batches.add(
          batch(
              session,
              window,
              i,
              fixture.subList(i * per, Math.min(fixture.size(), (i + 1) * per))));
    }
    assertTrue(batches.size() >= 4, "fixture spans several batches");
    for (int i = 0; i < batches.size(); i++) {
      HttpResponse<String> r = http.ingest(bytes(batches.get(i)), true, INGEST_KEY);
      assertEquals(200, r.statusCode(), r.body());
      assertFalse(json(r).get("duplicate").asBoolean());
      if (i == 1) {
        HttpResponse<String> retry = http.ingest(bytes(batches.get(i)), true, INGEST_KEY);
        assertEquals(200, retry.statusCode());
        assertTrue(json(retry).get("duplicate").asBoolean());
        assertEquals(0, json(retry).get("accepted").asInt());
      }
    }
    JsonNode events =
        json(http.get("/api/v1/sessions/" + session + "/events", ADMIN_TOKEN)).get("events");
    assertEquals(fixture.size(), events.size());
    for (int i = 0; i < fixture.size(); i++) {
      assertEquals(fixture.get(i), events.get(i), "event " + i);
    }
    JsonNode detail = json(http.get("/api/v1/sessions/" + session, ADMIN_TOKEN));
    assertEquals(fixture.size(), detail.get("eventCount").asInt());
    assertEquals(1, detail.get("errorCount").asInt());
    List<String> kinds = new ArrayList<>();
    detail.get("markers").forEach(m -> kinds.add(m.get("kind").asText()));
    assertEquals(List.of("network", "console", "error", "navigation"), kinds);
  }

  @Test
  void sessionsFoundByTraceIdPointAtTheNetworkEventAndTraceRedirects() {
    String traceId = TestObjects.randomTraceId();
    List<JsonNode> fixture = TestObjects.fixtureEventsWithTrace(traceId);
    String session = randomId("sess");
    assertEquals(
        200,
        http.ingest(bytes(batch(session, randomId("win"), 0, fixture)), true, INGEST_KEY)
            .statusCode());
    long networkTs =
        fixture.stream()
            .filter(e -> e.path("data").path("tag").asText().equals("network"))
            .findFirst()
            .orElseThrow()
            .get("timestamp")
            .asLong();

    JsonNode found = json(http.get("/api/v1/sessions?traceId=" + traceId, ADMIN_TOKEN));
    JsonNode mine = null;
    for (JsonNode s : found.get("sessions")) {
      if (s.get("sessionId").asText().equals(session)) {
        mine = s;
      }
    }
    assertTrue(mine != null, "session found by trace ID: " + found);
    String expected = "https://replay.example.com/replay/" + session + "?t=" + networkTs;
    assertEquals(expected, mine.get("matches").get(0).get("replayUrl").asText());
    assertEquals(networkTs, mine.get("matches").get(0).get("timestamp").asLong());

    JsonNode trace = json(http.get("/api/v1/traces/" + traceId, ADMIN_TOKEN));
    assertEquals(
        1, trace.get("sessions").size(), "a fresh trace links only this session: " + trace);
    assertEquals(session, trace.get("sessions").get(0).get("sessionId").asText());

    HttpResponse<String> redirect =
        http.send(
            http.request("/replay/trace/" + traceId)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .GET());
    assertEquals(302, redirect.statusCode());
    assertEquals(
        "/replay/" + session + "?t=" + networkTs,
        redirect.headers().firstValue("Location").orElse(null));
  }

  @Test
  void unknownTraceIs404() {
    HttpResponse<String> r = http.get("/api/v1/traces/" + "ab".repeat(16), ADMIN_TOKEN);
    assertEquals(404, r.statusCode());
    assertEquals("not_found", json(r).get("error").asText());
  }

  @Test
  void keyInQueryWorksForSendBeacon() {
    String session = randomId("sess");
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/ingest?key=" + INGEST_KEY)
                .header("Content-Type", "text/plain;charset=UTF-8")
                .header("Origin", TestObjects.ALLOWED_ORIGIN)
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        bytes(
                            batch(
                                session,
                                randomId("win"),
                                0,
                                List.of(
                                    meta(T0, "https://shop.example.com/"),
                                    fullSnapshot(T0 + 1),
                                    incremental(T0 + 5)))))));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(3, json(r).get("accepted").asInt());
    assertTrue(storage.sessions().session(List.of("shop"), session).isPresent());
  }

  @Test
  void preflightFromAllowedOriginGetsCorsHeaders() {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/ingest")
                .header("Origin", TestObjects.ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-replaylink-key")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(204, r.statusCode());
    assertEquals(
        TestObjects.ALLOWED_ORIGIN,
        r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(
        r.headers()
            .firstValue("Access-Control-Allow-Headers")
            .orElse("")
            .contains("X-Replaylink-Key"));
  }

  @Test
  void postFromAllowedOriginMayBeReadByThatOriginOnly() {
    byte[] body =
        bytes(
            batch(
                randomId("sess"),
                randomId("win"),
                0,
                List.of(meta(T0, "https://shop.example.com/"), fullSnapshot(T0 + 1))));
    HttpResponse<String> allowed = http.ingest(body, false, INGEST_KEY);
    assertEquals(200, allowed.statusCode(), allowed.body());
    assertEquals(
        TestObjects.ALLOWED_ORIGIN,
        allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(allowed.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")));

    // another project accepts any origin; this project's key does not, so the browser gets no CORS
    // grant
    HttpResponse<String> refused =
        http.send(
            http.request("/api/v1/ingest")
                .header("Content-Type", "application/json")
                .header("X-Replaylink-Key", INGEST_KEY)
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertEquals(403, refused.statusCode());
    assertTrue(
        refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
        refused.headers().toString());
  }

  @Test
  void readEndpointsSendNoCorsHeaders() {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/sessions")
                .header("Origin", "https://evil.example")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .GET());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }
}
