package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fixtureEvents;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The events answer of the real recording, from every moment, is byte for byte the same before and
 * after compaction writes its short window as one block. Runs on H2 here and on PostgreSQL in
 * {@link CompactionApiPostgresTest}.
 */
@MicronautTest
class CompactionApiTest extends EmbeddedServiceTest {

  @Test
  void everyEventsAnswerIsTheSameAfterTheRecordingIsCompactedIntoABlock() {
    String session = randomId("sess");
    String window = randomId("win");
    List<JsonNode> events = fixtureEvents();
    int seq = 0;
    for (int i = 0; i < events.size(); i += 5) {
      HttpResponse<String> r =
          http.ingest(
              bytes(
                  batch(session, window, seq++, events.subList(i, Math.min(events.size(), i + 5)))),
              false,
              INGEST_KEY);
      assertEquals(200, r.statusCode(), r.body());
    }
    List<String> queries = new ArrayList<>();
    queries.add("");
    for (JsonNode e : events) {
      long t = e.get("timestamp").asLong();
      for (long at : List.of(t - 1, t, t + 1)) {
        queries.add("?from=" + at);
      }
    }
    queries.add("?from=0");
    queries.add("?from=" + Long.MAX_VALUE);
    Map<String, String> before = answers(session, queries);

    HttpResponse<String> ok =
        http.send(
            http.request("/api/v1/sessions/" + session + "/compact")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(3, json(ok).get("chunksAfter").asInt(), "one per checkout: " + ok.body());
    assertTrue(
        json(ok).get("bytesAfter").asLong() < json(ok).get("bytesBefore").asLong(), ok.body());
    assertEquals(before, answers(session, queries));
  }

  private Map<String, String> answers(String session, List<String> queries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String q : queries) {
      HttpResponse<String> r =
          http.get("/api/v1/sessions/" + session + "/events" + q, VIEWER_TOKEN);
      assertEquals(200, r.statusCode(), q + ": " + r.body());
      out.put(q, r.body());
    }
    return out;
  }
}
