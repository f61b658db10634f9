package dev.replaylink.service.audit;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.api.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The access audit: each access leaves exactly one entry, only admins read it, erasure keeps it.
 */
@MicronautTest
class AuditApiTest extends EmbeddedServiceTest {

  @Test
  void eachAccessLeavesExactlyOneEntryWithWhoWhatAndWhere() {
    String user = randomId("user");
    String session = record(http, user);

    assertEquals(200, http.get("/replay/" + session, VIEWER_TOKEN).statusCode());
    assertEquals(
        200, http.get("/api/v1/sessions/" + session + "/events", VIEWER_TOKEN).statusCode());
    assertEquals(200, http.get("/api/v1/sessions?userId=" + user, VIEWER_TOKEN).statusCode());
    assertEquals(
        200,
        http.get("/api/v1/sessions", VIEWER_TOKEN).statusCode(),
        "a search not by user is not an access to one person");

    JsonNode entries = entries(http, "sessionId=" + session);
    assertEquals(2, entries.size(), entries.toString());
    JsonNode events = entries.get(0);
    assertEquals("events.read", events.get("action").asText());
    assertEquals("viewer", events.get("user").asText());
    assertEquals("shop", events.get("project").asText());
    assertEquals("127.0.0.1", events.get("client").asText());
    assertTrue(events.get("at").asLong() > 0);
    assertEquals("replay.view", entries.get(1).get("action").asText());

    JsonNode search = entries(http, "action=sessions.search-by-user&user=viewer");
    assertTrue(search.size() >= 1);
    assertEquals(user, search.get(0).get("userId").asText());

    assertEquals(
        200,
        http.send(
                http.request("/api/v1/sessions/" + session)
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .DELETE())
            .statusCode());
    JsonNode deleted = entries(http, "sessionId=" + session + "&action=session.delete");
    assertEquals(1, deleted.size());
    assertEquals("admin", deleted.get(0).get("user").asText());
  }

  @Test
  void erasureIsAuditedAndKeepsTheAuditRows() {
    String user = randomId("user");
    String session = record(http, user);
    assertEquals(
        200, http.get("/api/v1/sessions/" + session + "/events", VIEWER_TOKEN).statusCode());
    HttpResponse<String> erased =
        http.send(
            http.request(
                    "/api/v1/users/"
                        + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "/sessions")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .DELETE());
    assertEquals(200, erased.statusCode(), erased.body());
    assertEquals(
        1,
        entries(http, "sessionId=" + session).size(),
        "the read before the erasure is still audited");
    JsonNode erasure = entries(http, "action=user.erase&user=admin");
    assertTrue(erasure.size() >= 1);
    assertEquals(user, erasure.get(0).get("userId").asText());
  }

  @Test
  void aViewerCannotReadTheAudit() {
    HttpResponse<String> r = http.get("/api/v1/audit", VIEWER_TOKEN);
    assertEquals(403, r.statusCode());
    assertEquals("forbidden", json(r).get("error").asText());
    assertEquals(401, http.get("/api/v1/audit", null).statusCode());
  }

  @Test
  void pagesFollowTheCursorAndBadParametersAre400() {
    String session = record(http, randomId("user"));
    for (int i = 0; i < 3; i++) {
      assertEquals(
          200, http.get("/api/v1/sessions/" + session + "/events", VIEWER_TOKEN).statusCode());
    }
    HttpResponse<String> first =
        http.get("/api/v1/audit?sessionId=" + session + "&limit=2", ADMIN_TOKEN);
    assertEquals(2, json(first).get("entries").size());
    String cursor = json(first).get("nextCursor").asText();
    assertNotNull(cursor);
    HttpResponse<String> second =
        http.get("/api/v1/audit?sessionId=" + session + "&limit=2&cursor=" + cursor, ADMIN_TOKEN);
    assertEquals(1, json(second).get("entries").size());
    assertTrue(json(second).get("nextCursor").isNull());
    for (String bad :
        List.of("limit=0", "limit=201", "action=watch", "cursor=bm90LWEtY3Vyc29y", "from=-1")) {
      HttpResponse<String> r = http.get("/api/v1/audit?" + bad, ADMIN_TOKEN);
      assertEquals(400, r.statusCode(), bad);
      assertTrue(json(r).get("message").asText().length() > 10, r.body());
    }
  }

  private static String record(Http http, String user) {
    String session = randomId("sess");
    var b =
        batch(
            session,
            randomId("win"),
            0,
            List.of(meta(T0, "https://shop.example.com/"), fullSnapshot(T0 + 1)));
    b.putObject("user").put("id", user);
    assertEquals(200, http.ingest(bytes(b), false, INGEST_KEY).statusCode());
    return session;
  }

  private static JsonNode entries(Http http, String query) {
    HttpResponse<String> r = http.get("/api/v1/audit?" + query, ADMIN_TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    return json(r).get("entries");
  }
}
