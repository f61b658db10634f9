package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * The replay page in Chromium: an unauthenticated replay link goes through login and lands on the
 * moment; the player sits a few seconds before t; a marker click seeks to the marker.
 */
@MicronautTest
class ReplayPageIT {
  @Inject
  EmbeddedServer server;

  @Test
  void replayLinkOpensPlayerJustBeforeTheMomentAndMarkersSeek() {
    List<JsonNode> fixture = TestObjects.fixtureEvents();
    String session = randomId("sess");
    Http http = new Http(server.getURL().toString());
    for (int i = 0; i * 20 < fixture.size(); i++) {
      var b = batch(session, randomId("win").substring(0, 8) + "-w", i, fixture.subList(i * 20, Math.min(fixture.size(), (i + 1) * 20)));
      b.put("windowId", "window-" + session.substring(5, 17));
      assertEquals(200, http.ingest(bytes(b), true, INGEST_KEY).statusCode());
    }
    long start = fixture.get(0).get("timestamp").asLong();
    long moment = start + 6000;
    JsonNode errorEvent = fixture.stream().filter(e -> e.path("data").path("tag").asText().equals("network")).findFirst().orElseThrow();
    long markerTs = errorEvent.get("timestamp").asLong();

    JsonNode seen = BrowserScripts.run("src/test/browser/replay-page.mjs", Map.of(
        "BASE_URL", server.getURL().toString(),
        "TOKEN", ADMIN_TOKEN,
        "SESSION_ID", session,
        "MOMENT", String.valueOf(moment),
        "MARKER_KIND", "network"), Duration.ofSeconds(90));

    assertTrue(seen.get("loggedInVia").asText().startsWith("/login"), "went through the login page: " + seen);
    long playerTs = seen.get("playerTs").asLong();
    assertTrue(playerTs <= moment && playerTs >= moment - 5000, "player at " + playerTs + ", moment " + moment);
    assertEquals(markerTs, seen.get("markerTs").asLong());
    long afterClick = seen.get("afterClickTs").asLong();
    assertTrue(Math.abs(afterClick - markerTs) <= 1000, "after click at " + afterClick + ", marker " + markerTs);
    assertFalse(seen.get("iframeSandbox").asText().contains("allow-scripts"), "replay iframe may not run scripts: " + seen);
    assertTrue(seen.get("markerCount").asInt() >= 4);
  }

  @Test
  void momentAfterTheLastStoredEventSaysDataIsStillArriving() {
    List<JsonNode> fixture = TestObjects.fixtureEvents();
    String session = randomId("sess");
    Http http = new Http(server.getURL().toString());
    assertEquals(200, http.ingest(bytes(batch(session, "window-" + session.substring(5, 17), 0, fixture)), true, INGEST_KEY).statusCode());
    long last = fixture.get(fixture.size() - 1).get("timestamp").asLong();
    JsonNode seen = BrowserScripts.run("src/test/browser/replay-page.mjs", Map.of(
        "BASE_URL", server.getURL().toString(),
        "TOKEN", ADMIN_TOKEN,
        "SESSION_ID", session,
        "MOMENT", String.valueOf(last + 60_000),
        "EXPECT_STATE", "arriving"), Duration.ofSeconds(60));
    assertTrue(seen.get("notice").asText().contains("still arriving"), seen.toString());
  }

  @Test
  void unknownSessionShowsAClearPage() {
    JsonNode seen = BrowserScripts.run("src/test/browser/replay-page.mjs", Map.of(
        "BASE_URL", server.getURL().toString(),
        "TOKEN", ADMIN_TOKEN,
        "SESSION_ID", "no-such-session-123",
        "MOMENT", "1760000000000",
        "EXPECT_STATE", "unknown-session"), Duration.ofSeconds(60));
    assertEquals("unknown-session", seen.get("state").asText());
    assertTrue(seen.get("notice").asText().contains("no-such-session-123"));
  }
}
