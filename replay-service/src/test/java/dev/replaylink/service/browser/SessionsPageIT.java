package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.Http;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session list in Chromium: search by trace ID finds the one session, and its row opens the replay at the trace's moment. */
@MicronautTest
class SessionsPageIT {
  @Inject
  EmbeddedServer server;

  @Test
  void traceSearchFindsTheSessionAndOpensTheReplayAtThatMoment() {
    Http http = new Http(server.getURL().toString());
    String traceId = TestObjects.randomTraceId();
    List<JsonNode> fixture = TestObjects.fixtureEventsWithTrace(traceId);
    String session = randomId("sess");
    // the traced session and two unrelated sessions without the trace
    assertEquals(200, http.ingest(bytes(batch(session, "window-" + session.substring(5, 17), 0, fixture)), true, INGEST_KEY).statusCode());
    for (int i = 0; i < 2; i++) {
      List<JsonNode> untraced = fixture.stream().filter(e -> !e.path("data").path("tag").asText().equals("network")).toList();
      String other = randomId("sess");
      assertEquals(200, http.ingest(bytes(batch(other, "window-" + other.substring(5, 17), 0, untraced)), true, INGEST_KEY).statusCode());
    }
    long networkTs = fixture.stream().filter(e -> e.path("data").path("tag").asText().equals("network")).findFirst().orElseThrow()
        .get("timestamp").asLong();

    JsonNode seen = BrowserScripts.run("src/test/browser/sessions-page.mjs", Map.of(
        "BASE_URL", server.getURL().toString(), "TOKEN", ADMIN_TOKEN, "SESSION_ID", session, "TRACE_ID", traceId),
        Duration.ofSeconds(90));
    assertTrue(seen.get("rowsBefore").asInt() >= 3, seen.toString());
    assertEquals(1, seen.get("rowsAfter").asInt());
    assertTrue(seen.get("query").asText().contains("traceId=" + traceId));
    assertEquals("/replay/" + session + "?t=" + networkTs, seen.get("replayUrl").asText());
    assertEquals("ready", seen.get("state").asText());
  }
}
