package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What a session refused by one of its caps shows: a 413 that says so, nothing more stored, one
 * marker.
 */
final class SessionLimitChecks {
  private SessionLimitChecks() {}

  static void assertSessionLimitReached(HttpResponse<String> refused) {
    assertEquals(413, refused.statusCode(), refused.body());
    assertEquals("session_limit_reached", json(refused).get("error").asText());
  }

  /**
   * The session holds exactly {@code stored} events and one recording-paused marker whose label
   * names {@code labelPart}, however often the cap was hit. Returns the session's detail.
   */
  static JsonNode assertStoppedWithOneMarker(
      Http http, String session, int stored, String labelPart) {
    JsonNode detail = json(http.get("/api/v1/sessions/" + session, ADMIN_TOKEN));
    assertEquals(
        stored, detail.get("eventCount").asInt(), "nothing of the refused batches is stored");
    List<String> paused = new ArrayList<>();
    detail
        .get("markers")
        .forEach(
            m -> {
              if (m.get("kind").asText().equals("recording-paused")) {
                paused.add(m.get("label").asText());
              }
            });
    assertEquals(1, paused.size(), "one marker however often the limit is hit: " + detail);
    assertTrue(paused.get(0).contains(labelPart), paused.get(0));
    return detail;
  }
}
