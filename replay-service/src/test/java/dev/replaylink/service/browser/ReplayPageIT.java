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
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay page in Chromium: an unauthenticated replay link goes through login and lands on the
 * moment; the player sits paused {@link #LEAD_MS} before t, also when a snapshot lies between the
 * two; timeline and side-list markers seek exactly, also to before the loaded part; −10 s goes back
 * across a checkout; a moment after the last stored event waits for the data and then opens.
 */
@MicronautTest
class ReplayPageIT extends EmbeddedServiceTest {
  /** How far before the linked moment the player opens (replay.js). */
  static final long LEAD_MS = 3000;

  /** Tolerance for a seek to a known moment: the player is positioned by offset, not by playing. */
  static final long EXACT_MS = 50;

  @Test
  void replayLinkOpensPausedBeforeTheMomentAcrossASnapshotAndMarkersSeekThere() {
    List<JsonNode> fixture = TestObjects.fixtureEvents();
    String session = randomId("sess");
    for (int i = 0; i * 20 < fixture.size(); i++) {
      var b =
          batch(
              session,
              randomId("win").substring(0, 8) + "-w",
              i,
              fixture.subList(i * 20, Math.min(fixture.size(), (i + 1) * 20)));
      b.put("windowId", "window-" + session.substring(5, 17));
      assertEquals(200, http.ingest(bytes(b), true, INGEST_KEY).statusCode());
    }
    long start = fixture.get(0).get("timestamp").asLong();
    // the fixture has full snapshots at +0, +2.95 s and +5.71 s: t = +6 s is 0.3 s after the last
    // one
    long snapshot =
        fixture.stream()
            .filter(e -> e.get("type").asInt() == 2)
            .mapToLong(e -> e.get("timestamp").asLong())
            .filter(ts -> ts <= start + 6000)
            .max()
            .orElseThrow();
    long moment = start + 6000;
    assertTrue(moment - snapshot < 2000, "a snapshot inside the lead: " + (moment - snapshot));
    long networkTs = firstTagged(fixture, "network");
    long errorTs = firstTagged(fixture, "error");

    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/replay-page.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "SESSION_ID",
                session,
                "MOMENT",
                String.valueOf(moment),
                "TICK_TS",
                String.valueOf(errorTs),
                "TICK_KIND",
                "error",
                "MARKER_KIND",
                "network"),
            Duration.ofSeconds(90));

    assertTrue(
        seen.get("loggedInVia").asText().startsWith("/login"),
        "went through the login page: " + seen);
    long playerTs = seen.get("playerTs").asLong();
    assertTrue(
        playerTs <= moment - 2000 && playerTs >= moment - 5000,
        "player at " + playerTs + ", moment " + moment + ": " + seen);
    assertTrue(
        Math.abs(playerTs - (moment - LEAD_MS)) <= EXACT_MS, "opened the lead before t: " + seen);
    assertTrue(
        seen.get("startTs").asLong() <= moment - LEAD_MS,
        "events loaded from a snapshot before t − lead: " + seen);
    assertEquals("false", seen.get("playing").asText(), "paused at open");
    assertEquals(
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .format(Instant.ofEpochMilli(playerTs).atZone(ZoneId.systemDefault())),
        seen.get("clockText").asText(),
        "wall-clock time of the player position");
    List<Long> ticks = new ArrayList<>();
    seen.get("ticks").forEach(t -> ticks.add(t.get("ts").asLong()));
    assertTrue(
        ticks.contains(errorTs) && ticks.contains(networkTs),
        "error and request markers on the timeline: " + seen);

    assertTrue(
        Math.abs(seen.get("afterTickTs").asLong() - errorTs) <= EXACT_MS,
        "timeline marker click: " + seen);
    assertEquals("false", seen.get("afterTickPlaying").asText());
    assertEquals(networkTs, seen.get("markerTs").asLong());
    assertTrue(
        Math.abs(seen.get("afterClickTs").asLong() - networkTs) <= EXACT_MS,
        "side-list marker click: " + seen);
    assertFalse(
        seen.get("iframeSandbox").asText().contains("allow-scripts"),
        "replay iframe may not run scripts: " + seen);
    assertTrue(seen.get("markerCount").asInt() >= 4);
    assertEquals(0, seen.get("pageErrors").size(), seen.toString());
  }

  @Test
  void markersAndMinusTenSecondsReachBeforeTheLoadedCheckout() {
    String session = randomId("sess");
    long start = System.currentTimeMillis() - 10 * 60_000L;
    UiSeeds.ingest(http, session, UiSeeds.longRecording(start, TestObjects.randomTraceId()), null);
    long checkout = start + UiSeeds.CHECKOUT_OFFSET_MS;
    long moment = checkout + 4000;
    long rageTs = start + 18_000;

    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/replay-page.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "SESSION_ID",
                session,
                "MOMENT",
                String.valueOf(moment),
                "MARKER_KIND",
                "rage-click",
                "STEP_BACK",
                "1"),
            Duration.ofSeconds(120));

    assertEquals(checkout, seen.get("startTs").asLong(), "loaded from the checkout: " + seen);
    assertEquals(rageTs, seen.get("markerTs").asLong());
    assertTrue(
        seen.get("afterClickUrl").asText().contains("exact=1"),
        "reloaded from the earlier snapshot: " + seen);
    assertTrue(
        Math.abs(seen.get("afterClickTs").asLong() - rageTs) <= EXACT_MS,
        "at the marker before the checkout: " + seen);

    long before = seen.get("beforeBackTs").asLong();
    assertTrue(Math.abs(before - (moment - LEAD_MS)) <= EXACT_MS, seen.toString());
    assertEquals(checkout, seen.get("beforeBackStartTs").asLong());
    assertTrue(
        seen.get("afterBackStartTs").asLong() < checkout,
        "−10 s loads the part before the checkout: " + seen);
    assertTrue(
        Math.abs(seen.get("afterBackTs").asLong() - (before - 10_000)) <= EXACT_MS,
        "−10 s is 10 s earlier: " + seen);
    assertEquals(0, seen.get("pageErrors").size(), seen.toString());
  }

  @Test
  void momentAfterTheLastStoredEventWaitsForTheDataAndThenOpens() throws Exception {
    List<JsonNode> fixture = TestObjects.fixtureEvents();
    String session = randomId("sess");
    String window = "window-" + session.substring(5, 17);
    long start = fixture.get(0).get("timestamp").asLong();
    List<JsonNode> first =
        fixture.stream().filter(e -> e.get("timestamp").asLong() <= start + 4500).toList();
    List<JsonNode> rest = fixture.subList(first.size(), fixture.size());
    var b = batch(session, window, 0, first);
    b.put("sentAt", System.currentTimeMillis());
    assertEquals(200, http.ingest(bytes(b), true, INGEST_KEY).statusCode());
    Path more = BrowserScripts.MODULE.resolve("target/browser-logs/" + session + "-rest.json");
    Files.createDirectories(more.getParent());
    Files.write(more, bytes(batch(session, window, 1, rest)));
    long moment = start + 6000;

    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/replay-page.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "SESSION_ID",
                session,
                "MOMENT",
                String.valueOf(moment),
                "EXPECT_STATE",
                "arriving",
                "MORE_DATA_FILE",
                more.toString(),
                "INGEST_KEY",
                INGEST_KEY,
                "ORIGIN",
                TestObjects.ALLOWED_ORIGIN),
            Duration.ofSeconds(90));
    assertTrue(seen.get("notice").asText().contains("still arriving"), seen.toString());
    assertEquals(
        "ready", seen.get("state").asText(), "reloaded by itself once the data was there: " + seen);
    assertTrue(seen.get("noticeHidden").asBoolean(), seen.toString());
    assertTrue(
        Math.abs(seen.get("playerTs").asLong() - (moment - LEAD_MS)) <= EXACT_MS, seen.toString());
  }

  private static long firstTagged(List<JsonNode> events, String tag) {
    return events.stream()
        .filter(e -> e.path("data").path("tag").asText().equals(tag))
        .findFirst()
        .orElseThrow()
        .get("timestamp")
        .asLong();
  }

  @Test
  void unknownSessionShowsAClearPage() {
    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/replay-page.mjs",
            Map.of(
                "BASE_URL", server.getURL().toString(),
                "TOKEN", ADMIN_TOKEN,
                "SESSION_ID", "no-such-session-123",
                "MOMENT", "1760000000000",
                "EXPECT_STATE", "unknown-session"),
            Duration.ofSeconds(60));
    assertEquals("unknown-session", seen.get("state").asText());
    assertTrue(seen.get("notice").asText().contains("no-such-session-123"));
  }
}
