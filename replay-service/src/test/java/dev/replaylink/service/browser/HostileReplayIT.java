package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.ALLOWED_ORIGIN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Recorded DOM never runs: a recording full of scripts, handlers, javascript: URLs, refreshes, base
 * URLs, foreign forms and CSS url() calls is played in Chromium, and nothing executes, navigates or
 * reaches the outside server.
 */
@MicronautTest
class HostileReplayIT extends EmbeddedServiceTest {
  @Test
  void hostileRecordingNeitherRunsNorCallsOutNorNavigates() {
    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/hostile-replay.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "INGEST_KEY",
                INGEST_KEY,
                "ORIGIN",
                ALLOWED_ORIGIN),
            Duration.ofSeconds(90));
    assertEquals("ready", seen.get("state").asText(), seen.toString());
    assertTrue(seen.get("frameFound").asBoolean(), "the replay was rendered: " + seen);
    assertSandboxed(seen);
    assertEquals(
        0,
        seen.get("attackerHits").size(),
        "requests reached the outside server: " + seen.get("attackerHits"));
    assertTrue(
        seen.get("pwned").isNull(),
        "recorded code ran and reached the top page: " + seen.get("pwned"));
    assertEquals(
        0,
        seen.get("pwnedMessages").size(),
        "recorded code ran and posted to the top page: " + seen.get("pwnedMessages"));
    assertEquals(
        0,
        seen.get("pwnedStorage").size(),
        "recorded code ran and wrote to localStorage: " + seen.get("pwnedStorage"));
    assertEquals(
        0,
        seen.get("pwnedInFrames").size(),
        "recorded code ran inside the replay: " + seen.get("pwnedInFrames"));
    assertTrue(
        seen.get("titleChanged").isNull(),
        "recorded code changed the page title: " + seen.get("titleChanged"));
    assertEquals(0, seen.get("dialogs").size(), seen.toString());
    assertTrue(seen.get("stayed").asBoolean(), "the page navigated to " + seen.get("finalUrl"));
    assertEquals(0, seen.get("topNavigations").size(), seen.toString());
    assertEquals(
        0,
        seen.get("frameNavigations").size(),
        "a frame inside the replay loaded something: " + seen);
    assertTrue(
        seen.get("markerLabelIsText").asBoolean(), "marker labels are shown as text: " + seen);
  }

  /**
   * The replay iframe carries a {@code sandbox} attribute granting nothing but {@code
   * allow-same-origin} (which the replayer needs to build the recorded DOM from this page, and
   * which gives recorded content nothing while scripts are off): no scripts, forms, popups, modals
   * or top-level navigation.
   */
  private static void assertSandboxed(JsonNode seen) {
    JsonNode sandbox = seen.get("sandbox");
    assertTrue(
        sandbox != null && sandbox.isTextual(),
        "the replay iframe has a sandbox attribute: " + seen);
    Set<String> granted =
        new TreeSet<>(
            Arrays.asList(sandbox.asText().trim().toLowerCase(Locale.ROOT).split("\\s+")));
    granted.remove("");
    assertFalse(granted.contains("allow-scripts"), "sandbox allows scripts: " + sandbox);
    assertTrue(
        Set.of("allow-same-origin").containsAll(granted),
        "sandbox grants more than allow-same-origin: " + sandbox);
    assertEquals(
        0,
        seen.get("unsandboxedIframes").asInt(),
        "every iframe on the replay page is sandboxed: " + seen);
  }
}
