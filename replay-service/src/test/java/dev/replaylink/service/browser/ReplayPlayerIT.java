package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The player in Chromium: ±10 s, speed, keyboard, an event-stream click seeks, the highlighted
 * entry follows playback, inactivity is shown on the timeline and skipped while playing, masked and
 * blocked content is drawn as such, network entries show status and duration, trace IDs link to the
 * trace UI and backend errors to Sentry, "copy link to this moment" gives a URL that reopens at
 * that moment, and full screen holds the player.
 */
@MicronautTest
@Property(name = "replaylink.trace-url-template", value = ReplayPlayerIT.TRACE_UI + "{traceId}")
class ReplayPlayerIT extends EmbeddedServiceTest {
  static final String TRACE_UI = "http://jaeger.example:16686/trace/";
  static final String SENTRY_LINK = "https://sentry.example.com/organizations/acme/issues/42/";

  /** The replay styles' colour for masked content, as getComputedStyle reports it. */
  static final String MASKED_BACKGROUND = "rgb(227, 230, 238)";

  @Test
  void playerControlsEventStreamAndMomentLinks() {
    String session = randomId("sess");
    String traceId = TestObjects.randomTraceId();
    long start = System.currentTimeMillis() - 10 * 60_000L;
    UiSeeds.ingest(http, session, UiSeeds.longRecording(start, traceId), "user-ada");
    UiSeeds.backendError(
        http, session, start + 13_000, "IllegalStateException", "Payment declined", SENTRY_LINK);

    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/replay-player.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "SESSION_ID",
                session,
                "START",
                String.valueOf(start),
                "TRACE_ID",
                traceId,
                "TRACE_UI",
                TRACE_UI),
            Duration.ofSeconds(150));

    long opened = seen.get("openedTs").asLong();
    assertTrue(Math.abs(opened - (start + 5000)) <= 50, "opened 3 s before t=start+8s: " + seen);
    assertEquals("false", seen.get("openedPlaying").asText(), "paused at open");
    assertTrue(
        Math.abs(seen.get("afterForward").asLong() - (opened + 10_000)) <= 400, "+10 s: " + seen);
    assertTrue(Math.abs(seen.get("afterBack").asLong() - opened) <= 400, "−10 s: " + seen);
    long afterRight = seen.get("afterArrowRight").asLong();
    assertTrue(
        Math.abs(afterRight - (seen.get("beforeArrow").asLong() + 10_000)) <= 400,
        "→ key: " + seen);
    assertTrue(
        Math.abs(seen.get("afterArrowLeft").asLong() - (afterRight - 10_000)) <= 400,
        "← key: " + seen);
    assertTrue(
        seen.get("spacePlays").asBoolean() && seen.get("spacePauses").asBoolean(),
        "space toggles: " + seen);

    double normal = seen.get("advanceAt1x").asDouble();
    double fast = seen.get("advanceAt4x").asDouble();
    assertTrue(
        normal > 300 && fast > 2.5 * normal,
        "4× advances at least 2.5 times as far as 1×: " + seen);
    assertEquals(4, seen.get("speedPressed").asInt());

    assertTrue(
        Math.abs(seen.get("clickedEntryTs").asLong() - seen.get("afterEntryClick").asLong()) <= 300,
        "stream click seeks: " + seen);
    assertTrue(seen.get("highlightSamples").size() >= 3, seen.toString());
    for (JsonNode sample : seen.get("highlightSamples")) {
      assertTrue(
          sample.get("ok").asBoolean(),
          "highlight is the last entry at or before the player time: " + sample);
    }
    assertTrue(
        seen.get("distinctHighlighted").asInt() >= 2,
        "the highlight moved on while playing: " + seen);

    assertTrue(seen.get("inactiveSpans").asInt() >= 1, "inactivity drawn on the timeline: " + seen);
    assertEquals("true", seen.get("skipInactive").asText(), "skip inactivity is on by default");
    long skipPlayer = seen.get("skipPlayerMs").asLong();
    assertTrue(skipPlayer >= 23_000, "played across the inactive span: " + seen);
    assertTrue(seen.get("skips").asInt() >= 1, "rrweb fast-forwarded the inactive span: " + seen);
    assertTrue(
        seen.get("skipWallMs").asLong() < skipPlayer * 3 / 4,
        "the inactive span took less wall time than recorded time: " + seen);
    assertTrue(seen.get("mouseTail").asBoolean(), "cursor trail canvas present: " + seen);
    assertEquals(TRACE_UI + traceId, seen.get("traceHref").asText());
    assertTrue(
        seen.get("backendErrorInStream").asBoolean(),
        "backend error from the API is in the stream: " + seen);
    assertEquals(
        SENTRY_LINK, seen.get("sentryHref").asText(), "the backend error opens the Sentry event");
    assertEquals(
        "GET /api/cart → 200 · 84 ms",
        seen.get("networkLabel").asText(),
        "method, path, status and duration");
    assertTrue(
        seen.get("errorLabels").toString().contains("RangeError: Invalid array length"),
        "error entry: " + seen);
    assertEquals(
        "div.cart", seen.get("thrashEntry").asText(), "mouse thrash in the stream: " + seen);
    assertEquals(
        "excluded-page",
        seen.get("pausedEntry").asText(),
        "recording paused in the stream: " + seen);
    assertTrue(
        seen.get("tickKinds").toString().contains("mouse-thrash")
            && seen.get("tickKinds").toString().contains("recording-paused"),
        "thrash and pause ticks on the timeline: " + seen);
    assertTrue(
        seen.get("kinds").toString().contains("click")
            && seen.get("kinds").toString().contains("navigation"),
        seen.toString());
    assertTrue(seen.get("legend").asText().contains("masked"), seen.toString());
    JsonNode blocked = seen.get("blockedBox");
    assertTrue(
        blocked.get("classes").asText().contains("rl-block")
            && blocked.get("background").asText().contains("repeating-linear-gradient"),
        "an element blocked by the privacy settings is drawn as a hatched box: " + blocked);
    assertEquals("320px", blocked.get("width").asText());
    JsonNode masked = seen.get("masked");
    assertEquals("***** *******", masked.get("text").get("text").asText());
    assertTrue(
        masked.get("text").get("classes").asText().contains("rl-masked"),
        "masked text is marked: " + masked);
    assertEquals(
        MASKED_BACKGROUND,
        masked.get("text").get("background").asText(),
        "masked text drawn as masked: " + masked);
    assertEquals("dotted", masked.get("text").get("decoration").asText());
    assertEquals(
        MASKED_BACKGROUND,
        masked.get("input").get("background").asText(),
        "masked input value drawn as masked: " + masked);
    assertEquals("dotted", masked.get("input").get("outline").asText());
    assertTrue(
        !masked.get("heading").get("classes").asText().contains("rl-masked")
            && !MASKED_BACKGROUND.equals(masked.get("heading").get("background").asText()),
        "unmasked text stays as it was: " + masked);

    long linked = seen.get("linkTs").asLong();
    String link = ownOrigin() + "/replay/" + session + "?t=" + linked;
    assertEquals(link, seen.get("link").asText());
    assertEquals(link, seen.get("clipboard").asText(), "the link is on the clipboard");
    long reopened = seen.get("reopenedTs").asLong();
    assertTrue(
        reopened <= linked && reopened >= linked - 3500,
        "reopened just before the linked moment: " + seen);
    assertEquals(
        linked,
        seen.get("reopenedMomentTs").asLong(),
        "the linked moment is marked on the timeline");

    assertTrue(seen.get("fullscreen").asBoolean(), "the stage went full screen: " + seen);
    assertEquals("true", seen.get("fullscreenState").asText());
    assertEquals("false", seen.get("afterFullscreenState").asText(), "and left it");
    assertEquals(0, seen.get("pageErrors").size(), "no page errors: " + seen.get("pageErrors"));
  }
}
