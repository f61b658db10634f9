package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.TestObjects.randomTraceId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * U+0000 in ingested and queried strings (PostgreSQL text refuses it): identifiers are refused with
 * a 400 and a JSON reason, free text is stored with U+FFFD in its place, nothing ends in a 5xx.
 * Runs on H2 here and on PostgreSQL in {@link NulInputPostgresTest}.
 */
@MicronautTest
class NulInputTest extends EmbeddedServiceTest {
  static final String NUL = "\u0000";
  static final String REPLACED = "\uFFFD";

  @Test
  void userIdWithNulIsRefusedAndNothingIsStored() {
    String session = randomId("sess");
    long now = System.currentTimeMillis();
    ObjectNode b =
        batch(
            session,
            randomId("win"),
            0,
            List.of(meta(now - 10, "https://shop.example.com/"), fullSnapshot(now - 9)));
    b.putObject("user").put("id", "alice" + NUL + "admin");
    assertRefused(http.ingest(bytes(b), false, INGEST_KEY), "user.id");

    ObjectNode identify =
        batch(
            session,
            randomId("win"),
            0,
            List.of(
                custom(
                    now - 5, "identify", TestObjects.JSON.createObjectNode().put("userId", NUL))));
    assertRefused(http.ingest(bytes(identify), true, INGEST_KEY), "userId");
    assertEquals(
        404, http.get("/api/v1/sessions/" + session, ADMIN_TOKEN).statusCode(), "nothing stored");
  }

  @Test
  void nulInFreeTextIsStoredAsReplacementCharacter() {
    String session = randomId("sess");
    long now = System.currentTimeMillis();
    HttpResponse<String> r =
        http.ingest(
            bytes(
                batch(
                    session,
                    randomId("win"),
                    0,
                    List.of(
                        meta(now - 100, "https://shop.example.com/a" + NUL + "b"),
                        fullSnapshot(now - 99),
                        custom(
                            now - 90,
                            "error",
                            TestObjects.JSON
                                .createObjectNode()
                                .put("type", "TypeError")
                                .put("message", "bad" + NUL + "value")),
                        custom(
                            now - 80,
                            "console",
                            TestObjects.JSON
                                .createObjectNode()
                                .put("level", "error")
                                .put("message", NUL + "console")),
                        custom(
                            now - 70,
                            "network",
                            TestObjects.JSON
                                .createObjectNode()
                                .put("method", "GET")
                                .put("url", "/api/x" + NUL)
                                .put("status", 500)
                                .put("durationMs", 3))))),
            false,
            INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(5, json(r).get("accepted").asInt());

    HttpRequest.Builder report =
        http.request("/api/v1/errors")
            .header("Content-Type", "application/json")
            .header("X-Replaylink-Key", INGEST_KEY)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"sessionId\":\""
                        + session
                        + "\",\"timestamp\":"
                        + (now - 60)
                        + ",\"source\":\"sentry\",\"eventId\":\"e1\",\"type\":\"Boom\",\"message\":\"server\\u0000side\"}"));
    HttpResponse<String> reported = http.send(report);
    assertTrue(reported.statusCode() / 100 == 2, reported.statusCode() + " " + reported.body());

    String otlp =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
            + randomTraceId()
            + "\","
            + "\"spanId\":\"00f067aa0ba902b7\",\"name\":\"GET /x\",\"startTimeUnixNano\":\""
            + (now - 50) * 1_000_000L
            + "\","
            + "\"endTimeUnixNano\":\""
            + (now - 40) * 1_000_000L
            + "\",\"status\":{\"code\":2},"
            + "\"attributes\":[{\"key\":\"session.id\",\"value\":{\"stringValue\":\""
            + session
            + "\"}}],"
            + "\"events\":[{\"name\":\"exception\",\"timeUnixNano\":\""
            + (now - 45) * 1_000_000L
            + "\",\"attributes\":["
            + "{\"key\":\"exception.type\",\"value\":{\"stringValue\":\"java.lang.IllegalStateException\"}},"
            + "{\"key\":\"exception.message\",\"value\":{\"stringValue\":\"span\\u0000message\"}}]}]}]}]}]}";
    HttpResponse<String> traced =
        http.send(
            http.request("/v1/traces")
                .header("Content-Type", "application/json")
                .header("X-Replaylink-Key", INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(otlp)));
    assertEquals(200, traced.statusCode(), traced.body());

    JsonNode detail = json(http.get("/api/v1/sessions/" + session, ADMIN_TOKEN));
    assertEquals("https://shop.example.com/a" + REPLACED + "b", detail.get("entryUrl").asText());
    List<String> labels = new ArrayList<>();
    detail.get("markers").forEach(m -> labels.add(m.get("label").asText()));
    assertTrue(labels.contains("TypeError: bad" + REPLACED + "value"), labels.toString());
    assertTrue(labels.contains(REPLACED + "console"), labels.toString());
    assertTrue(labels.contains("GET /api/x" + REPLACED + " → 500"), labels.toString());
    assertTrue(
        labels.stream().anyMatch(l -> l.contains("server" + REPLACED + "side")), labels.toString());
    assertTrue(
        labels.contains("java.lang.IllegalStateException: span" + REPLACED + "message"),
        labels.toString());
    assertTrue(labels.stream().noneMatch(l -> l.contains(NUL)), labels.toString());

    // the recording itself is kept as sent
    JsonNode events =
        json(http.get("/api/v1/sessions/" + session + "/events", ADMIN_TOKEN)).get("events");
    assertEquals(
        "bad" + NUL + "value", events.get(2).get("data").get("payload").get("message").asText());
  }

  @Test
  void searchAndDeleteByUserIdWithNulAreRefused() {
    assertRefused(http.get("/api/v1/sessions?userId=%00", ADMIN_TOKEN), "userId");
    assertRefused(http.get("/api/v1/sessions?userId=a%00b", ADMIN_TOKEN), "userId");
    assertRefused(http.get("/api/v1/sessions?urlContains=%00", ADMIN_TOKEN), "urlContains");
    String cursor =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("1:" + NUL).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> badCursor = http.get("/api/v1/sessions?cursor=" + cursor, ADMIN_TOKEN);
    assertEquals(400, badCursor.statusCode(), badCursor.body());
    assertRefused(
        http.send(
            http.request("/api/v1/users/a%00b/sessions")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .DELETE()),
        "userId");
  }

  static void assertRefused(HttpResponse<String> r, String field) {
    assertEquals(400, r.statusCode(), r.body());
    JsonNode body = json(r);
    assertEquals("invalid_field", body.get("error").asText(), r.body());
    assertTrue(body.get("message").asText().contains(field), r.body());
  }
}
