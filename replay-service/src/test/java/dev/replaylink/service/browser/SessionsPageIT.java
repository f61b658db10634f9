package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.browser.UiSeeds.frustration;
import static dev.replaylink.service.browser.UiSeeds.jsError;
import static dev.replaylink.service.browser.UiSeeds.navigation;
import static dev.replaylink.service.browser.UiSeeds.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The session list in Chromium: search by trace ID finds the one session, and its row opens the
 * replay at the trace's moment; the cells show what was recorded; user, errors, pages, frustration
 * and time filters and the column sorts pick and order the seeded sessions (some of them weeks old,
 * which the ingest accepts here because of a longer maximum event age).
 */
@MicronautTest
@Property(name = "replaylink.ingest.max-event-age", value = "2400h")
@Property(name = "replaylink.retention.enabled", value = "false")
class SessionsPageIT extends EmbeddedServiceTest {
  private static final long DAY = 86_400_000L;

  @Test
  void traceSearchFindsTheSessionAndOpensTheReplayAtThatMoment() {
    String traceId = TestObjects.randomTraceId();
    List<JsonNode> fixture = TestObjects.fixtureEventsWithTrace(traceId);
    String session = randomId("sess");
    // the traced session and two unrelated sessions without the trace
    assertEquals(
        200,
        http.ingest(
                bytes(batch(session, "window-" + session.substring(5, 17), 0, fixture)),
                true,
                INGEST_KEY)
            .statusCode());
    for (int i = 0; i < 2; i++) {
      List<JsonNode> untraced =
          fixture.stream()
              .filter(e -> !e.path("data").path("tag").asText().equals("network"))
              .toList();
      String other = randomId("sess");
      assertEquals(
          200,
          http.ingest(
                  bytes(batch(other, "window-" + other.substring(5, 17), 0, untraced)),
                  true,
                  INGEST_KEY)
              .statusCode());
    }
    long networkTs =
        fixture.stream()
            .filter(e -> e.path("data").path("tag").asText().equals("network"))
            .findFirst()
            .orElseThrow()
            .get("timestamp")
            .asLong();

    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/sessions-page.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "SESSION_ID",
                session,
                "TRACE_ID",
                traceId),
            Duration.ofSeconds(90));
    assertTrue(seen.get("rowsBefore").asInt() >= 3, seen.toString());
    assertEquals(1, seen.get("rowsAfter").asInt());
    assertTrue(seen.get("query").asText().contains("traceId=" + traceId));
    assertEquals("/replay/" + session + "?t=" + networkTs, seen.get("replayUrl").asText());
    assertEquals("ready", seen.get("state").asText());
  }

  @Test
  void cellsFiltersPresetsAndSortsMatchTheSeededSessions() {
    String user = randomId("user");
    String shop = "https://shop.example.com";
    long now = System.currentTimeMillis();
    // recent: 20 s, 3 pages, 1 error, rage + thrash + error click; 10 days old: 1 page, dead click;
    // 45 days old: 2 pages, 2 errors
    long r = now - 3_600_000L;
    long d10 = now - 10 * DAY;
    long d45 = now - 45 * DAY;
    String recent = randomId("sess-r");
    String tenDays = randomId("sess-m");
    String old = randomId("sess-o");
    UiSeeds.ingest(
        http,
        recent,
        UiSeeds.pageWith(
            r,
            List.of(
                navigation(r + 2000, shop + "/a"),
                navigation(r + 3000, shop + "/b"),
                jsError(r + 4000, "TypeError", "x is undefined"),
                frustration(r + 5000, "rage-click", "button#pay"),
                frustration(r + 5500, "mouse-thrash", "div.cart"),
                frustration(r + 6000, "error-click", "a#buy"),
                request(r + 20_000, "GET", shop + "/api/cart", 200))),
        user);
    UiSeeds.ingest(
        http,
        tenDays,
        UiSeeds.pageWith(d10, List.of(frustration(d10 + 3000, "dead-click", "div.price"))),
        user);
    UiSeeds.ingest(
        http,
        old,
        UiSeeds.pageWith(
            d45,
            List.of(
                jsError(d45 + 1000, "RangeError", "bad"),
                jsError(d45 + 1100, "RangeError", "bad"),
                navigation(d45 + 2000, shop + "/help"))),
        user);

    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/sessions-filters.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "USER_ID",
                user,
                "CUSTOM_FROM",
                String.valueOf(now - 50 * DAY),
                "CUSTOM_TO",
                String.valueOf(now - 40 * DAY)),
            Duration.ofSeconds(120));

    JsonNode rows = seen.get("byUser");
    assertEquals(
        List.of(recent, tenDays, old), ids(rows), "the user's sessions, newest first: " + seen);
    assertRow(rows.get(0), user, "20s", "3", "1", "3");
    assertRow(rows.get(1), user, "6s", "1", "0", "1");
    assertRow(rows.get(2), user, "6s", "2", "2", "0");
    assertEquals(
        "rage clicks 1 · dead clicks 0 · error clicks 1 · mouse thrash 1",
        rows.get(0).get("frustrationTitle").asText());
    assertTrue(seen.get("userQuery").asText().contains("userId=" + user), seen.toString());

    assertEquals(List.of(recent, old), texts(seen.get("errorsOnly")), "errors only");
    JsonNode presets = seen.get("presets");
    assertEquals(List.of(recent), texts(presets.get("7d")), "last 7 days");
    assertEquals(List.of(recent, tenDays), texts(presets.get("30d")), "last 30 days");
    assertEquals(List.of(recent, tenDays, old), texts(presets.get("60d")), "last 60 days");
    assertEquals(List.of(recent, tenDays, old), texts(presets.get("90d")), "last 90 days");
    assertEquals(
        List.of(old),
        texts(seen.get("custom")),
        "custom range 50 to 40 days ago: " + seen.get("customQuery"));

    assertEquals(List.of(recent, old), texts(seen.get("minPages")), "at least 2 pages");
    assertEquals(
        List.of(recent, tenDays), texts(seen.get("withFrustration")), "with frustration signals");
    assertEquals(
        List.of(recent, tenDays, old), texts(seen.get("byFrustration")), "most frustration first");
    assertEquals("descending", seen.get("frustrationSortMark").asText());
    assertEquals(
        List.of(old, tenDays, recent),
        texts(seen.get("byFrustrationUp")),
        "a second click turns the order around");
    assertEquals("ascending", seen.get("frustrationUpMark").asText());
    assertEquals(List.of(recent, old, tenDays), texts(seen.get("byPages")), "most pages first");
    assertTrue(seen.get("sortQuery").asText().contains("sort=pages"), seen.toString());
    assertEquals(0, seen.get("pageErrors").size(), seen.toString());
  }

  private static void assertRow(
      JsonNode row, String user, String duration, String pages, String errors, String frustration) {
    assertEquals(
        List.of(user, duration, pages, errors, frustration),
        List.of(
            row.get("user").asText(),
            row.get("duration").asText(),
            row.get("pages").asText(),
            row.get("errors").asText(),
            row.get("frustration").asText()),
        "user, duration, pages, errors, frustration of " + row);
  }

  private static List<String> ids(JsonNode rows) {
    return StreamSupport.stream(rows.spliterator(), false).map(r -> r.get("id").asText()).toList();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
