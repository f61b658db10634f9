package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.ALLOWED_ORIGIN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recorded DOM never runs: a recording full of scripts, handlers, javascript: URLs, refreshes, base
 * URLs, foreign forms and CSS url() calls is played in Chromium, and nothing executes, navigates or
 * reaches the outside server.
 */
@MicronautTest
class HostileReplayIT {
  @Inject
  EmbeddedServer server;

  @Test
  void hostileRecordingNeitherRunsNorCallsOutNorNavigates() {
    JsonNode seen = BrowserScripts.run("src/test/browser/hostile-replay.mjs", Map.of(
        "BASE_URL", server.getURL().toString(), "TOKEN", ADMIN_TOKEN, "INGEST_KEY", INGEST_KEY, "ORIGIN", ALLOWED_ORIGIN),
        Duration.ofSeconds(90));
    assertEquals("ready", seen.get("state").asText(), seen.toString());
    assertTrue(seen.get("frameFound").asBoolean(), "the replay was rendered: " + seen);
    assertEquals(0, seen.get("attackerHits").size(), "requests reached the outside server: " + seen.get("attackerHits"));
    assertTrue(seen.get("pwned").isNull(), "recorded code ran: " + seen.get("pwned"));
    assertEquals(0, seen.get("dialogs").size(), seen.toString());
    assertTrue(seen.get("stayed").asBoolean(), "the page navigated to " + seen.get("finalUrl"));
    assertEquals(0, seen.get("topNavigations").size(), seen.toString());
    assertFalse(seen.get("sandbox").asText().contains("allow-scripts"), seen.toString());
    assertTrue(seen.get("markerLabelIsText").asBoolean(), "marker labels are shown as text: " + seen);
  }
}
