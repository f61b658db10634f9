package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.OTHER_VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.browser.UiSeeds.frustration;
import static dev.replaylink.service.browser.UiSeeds.jsError;
import static dev.replaylink.service.browser.UiSeeds.navigation;
import static dev.replaylink.service.browser.UiSeeds.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.api.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Insights and the session list on a seeded data set with known counts, sent through the ingest and
 * errors APIs 30 to 40 hours ago (a period no other test writes to):
 *
 * <pre>
 * session  user  start    JS errors              requests                      frustration                   backend
 * A        u1    base     TypeError×2 RangeError POST /api/orders/17 → 502     rage button#pay on /cart
 * B        u2    +1 h     TypeError              POST /api/orders/18 → 500     rage button#pay on /cart      Payment declined
 * D        –     +2 h     RangeError×5           POST /api/orders/19 → 503
 * C        u1    +9 h     TypeError              GET /api/cart → failed        dead div.price on entry page  Payment declined
 * </pre>
 */
@MicronautTest
class InsightsPageIT extends EmbeddedServiceTest {
  private static final String TOKEN = randomId("t").substring(2, 10);
  private static final long BASE = System.currentTimeMillis() - 40 * 3_600_000L;
  private static final long FROM = BASE - 3_600_000L;
  private static final long TO = BASE + 11 * 3_600_000L;
  private static final String TYPE_ERROR = "TypeError: cart.total is undefined " + TOKEN;
  private static final String RANGE_ERROR = "RangeError: Invalid array length " + TOKEN;
  private static final List<String> SESSIONS = new ArrayList<>();
  private static long typeErrorLatest;

  @BeforeEach
  void seedOnce() {
    if (!SESSIONS.isEmpty()) {
      return;
    }
    String a = randomId("sess-a");
    String b = randomId("sess-b");
    String c = randomId("sess-c");
    String d = randomId("sess-d");
    SESSIONS.addAll(List.of(a, b, c, d));
    String shop = "https://shop.example.com";
    long ta = BASE;
    UiSeeds.ingest(
        http,
        a,
        UiSeeds.pageWith(
            ta,
            List.of(
                jsError(ta + 1000, "TypeError", "cart.total is undefined " + TOKEN),
                jsError(ta + 1500, "TypeError", "cart.total is undefined " + TOKEN),
                jsError(ta + 2000, "RangeError", "Invalid array length " + TOKEN),
                request(ta + 2500, "POST", shop + "/api/orders/17?token=" + TOKEN, 502),
                navigation(ta + 3000, shop + "/cart-" + TOKEN),
                frustration(ta + 3500, "rage-click", "button#pay-" + TOKEN))),
        "u1-" + TOKEN);
    long tb = BASE + 3_600_000L;
    UiSeeds.ingest(
        http,
        b,
        UiSeeds.pageWith(
            tb,
            List.of(
                jsError(tb + 1000, "TypeError", "cart.total is undefined " + TOKEN),
                request(tb + 2500, "POST", shop + "/api/orders/18", 500),
                navigation(tb + 3000, shop + "/cart-" + TOKEN),
                frustration(tb + 3500, "rage-click", "button#pay-" + TOKEN))),
        "u2-" + TOKEN);
    UiSeeds.backendError(
        http, b, tb + 4000, "IllegalStateException", "Payment declined " + TOKEN, null);
    long td = BASE + 2 * 3_600_000L;
    List<JsonNode> dExtra = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      dExtra.add(jsError(td + 1000 + i * 100, "RangeError", "Invalid array length " + TOKEN));
    }
    dExtra.add(request(td + 2500, "POST", shop + "/api/orders/19", 503));
    UiSeeds.ingest(http, d, UiSeeds.pageWith(td, dExtra), null);
    long tc = BASE + 9 * 3_600_000L;
    typeErrorLatest = tc + 1200;
    UiSeeds.ingest(
        http,
        c,
        UiSeeds.pageWith(
            tc,
            List.of(
                jsError(typeErrorLatest, "TypeError", "cart.total is undefined " + TOKEN),
                request(tc + 2500, "GET", shop + "/api/cart", 0),
                frustration(tc + 3500, "dead-click", "div.price-" + TOKEN))),
        "u1-" + TOKEN);
    UiSeeds.backendError(
        http, c, tc + 4000, "IllegalStateException", "Payment declined " + TOKEN, null);
  }

  private static List<JsonNode> mine(JsonNode groups) {
    return StreamSupport.stream(groups.spliterator(), false)
        .filter(
            g ->
                g.get("key").asText().contains(TOKEN)
                    || g.get("key").asText().matches("(POST|GET) /api/(orders/\\{id}|cart)"))
        .toList();
  }

  private static JsonNode group(List<JsonNode> groups, String key) {
    return groups.stream()
        .filter(g -> g.get("key").asText().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError(key + " in " + groups));
  }

  @Test
  void insightsApiGroupsCountsAndOrdersBySessionsAffected() {
    var response = http.get("/api/v1/insights?from=" + FROM + "&to=" + TO, VIEWER_TOKEN);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = Http.json(response);

    List<JsonNode> js = mine(body.get("jsErrors"));
    assertEquals(
        List.of(TYPE_ERROR, RANGE_ERROR),
        js.stream().map(g -> g.get("key").asText()).toList(),
        "ordered by sessions affected (3 vs 2), not by occurrences (4 vs 6)");
    JsonNode typeError = group(js, TYPE_ERROR);
    assertEquals(3, typeError.get("sessions").asInt());
    assertEquals(2, typeError.get("users").asInt());
    assertEquals(4, typeError.get("occurrences").asInt());
    assertEquals(SESSIONS.get(2), typeError.get("lastSessionId").asText());
    assertEquals(typeErrorLatest, typeError.get("lastSeen").asLong());
    assertEquals(
        "https://replay.example.com/replay/" + SESSIONS.get(2) + "?t=" + typeErrorLatest,
        typeError.get("replayUrl").asText());
    assertEquals(
        4,
        StreamSupport.stream(typeError.get("trend").spliterator(), false)
            .mapToInt(d -> d.get("count").asInt())
            .sum());
    JsonNode rangeError = group(js, RANGE_ERROR);
    assertEquals(2, rangeError.get("sessions").asInt());
    assertEquals(1, rangeError.get("users").asInt(), "the session without a user adds no user");
    assertEquals(6, rangeError.get("occurrences").asInt());

    JsonNode orders = group(mine(body.get("failingEndpoints")), "POST /api/orders/{id}");
    assertEquals(
        3, orders.get("sessions").asInt(), "IDs and query strings do not split an endpoint");
    assertEquals(2, orders.get("users").asInt());
    assertEquals(
        1,
        group(mine(body.get("failingEndpoints")), "GET /api/cart").get("sessions").asInt(),
        "status 0 counts as failed");

    List<JsonNode> clicks = mine(body.get("frustrationTargets"));
    JsonNode rage = group(clicks, "button#pay-" + TOKEN);
    assertEquals("rage-click", rage.get("kind").asText());
    assertEquals("https://shop.example.com/cart-" + TOKEN, rage.get("page").asText());
    assertEquals(2, rage.get("sessions").asInt());
    JsonNode dead = group(clicks, "div.price-" + TOKEN);
    assertEquals("dead-click", dead.get("kind").asText());
    assertTrue(
        dead.get("page").asText().startsWith("http://127.0.0.1:"),
        "the entry page when there was no navigation: " + dead);

    JsonNode backend =
        group(
            mine(body.get("backendErrors")),
            "Sentry: IllegalStateException: Payment declined " + TOKEN);
    assertEquals(2, backend.get("sessions").asInt());
    assertEquals(SESSIONS.get(2), backend.get("lastSessionId").asText());

    var other =
        Http.json(http.get("/api/v1/insights?from=" + FROM + "&to=" + TO, OTHER_VIEWER_TOKEN));
    assertTrue(
        mine(other.get("jsErrors")).isEmpty(), "a token for another project sees none of it");
    assertEquals(
        400, http.get("/api/v1/insights?from=" + TO + "&to=" + FROM, VIEWER_TOKEN).statusCode());
    assertEquals(401, http.get("/api/v1/insights", null).statusCode());
  }

  @Test
  void sessionSearchFiltersByUrlErrorsAndFrustrationAndSortsByErrors() {
    String range = "&from=" + FROM + "&to=" + TO + "&userId=u1-" + TOKEN;
    JsonNode cart =
        Http.json(
            http.get(
                "/api/v1/sessions?urlContains=CART-" + TOKEN + "&from=" + FROM + "&to=" + TO,
                VIEWER_TOKEN));
    assertEquals(
        List.of(SESSIONS.get(1), SESSIONS.get(0)),
        ids(cart),
        "visited pages are searched, newest first");
    assertEquals(2, cart.get("sessions").get(0).get("pagesVisited").asInt());
    JsonNode manyErrors = Http.json(http.get("/api/v1/sessions?minErrors=3" + range, VIEWER_TOKEN));
    assertEquals(List.of(SESSIONS.get(0)), ids(manyErrors));
    JsonNode frustrated =
        Http.json(http.get("/api/v1/sessions?hasFrustration=true" + range, VIEWER_TOKEN));
    assertEquals(List.of(SESSIONS.get(2), SESSIONS.get(0)), ids(frustrated));
    JsonNode byErrors =
        Http.json(
            http.get("/api/v1/sessions?sort=errors&limit=1&userId=u1-" + TOKEN, VIEWER_TOKEN));
    assertEquals(List.of(SESSIONS.get(0)), ids(byErrors));
    JsonNode next =
        Http.json(
            http.get(
                "/api/v1/sessions?sort=errors&limit=1&userId=u1-"
                    + TOKEN
                    + "&cursor="
                    + byErrors.get("nextCursor").asText(),
                VIEWER_TOKEN));
    assertEquals(List.of(SESSIONS.get(2)), ids(next));
    assertEquals(
        400,
        http.get(
                "/api/v1/sessions?sort=duration&cursor=" + byErrors.get("nextCursor").asText(),
                VIEWER_TOKEN)
            .statusCode(),
        "a cursor continues only its own order");
    assertEquals(400, http.get("/api/v1/sessions?sort=size", VIEWER_TOKEN).statusCode());

    JsonNode byPages = Http.json(http.get("/api/v1/sessions?sort=pages" + range, VIEWER_TOKEN));
    assertEquals(List.of(SESSIONS.get(0), SESSIONS.get(2)), ids(byPages), "most pages first");
    JsonNode byPagesUp =
        Http.json(http.get("/api/v1/sessions?sort=pages&order=asc" + range, VIEWER_TOKEN));
    assertEquals(List.of(SESSIONS.get(2), SESSIONS.get(0)), ids(byPagesUp), "fewest pages first");
    JsonNode twoPages =
        Http.json(http.get("/api/v1/sessions?minPages=2&from=" + FROM + "&to=" + TO, VIEWER_TOKEN));
    assertEquals(
        List.of(SESSIONS.get(1), SESSIONS.get(0)),
        ids(twoPages),
        "sessions that visited at least two pages");
    JsonNode byFrustration =
        Http.json(http.get("/api/v1/sessions?sort=frustration&order=desc" + range, VIEWER_TOKEN));
    assertEquals(1, byFrustration.get("sessions").get(0).get("frustrationCount").asInt());
    assertEquals(400, http.get("/api/v1/sessions?order=up", VIEWER_TOKEN).statusCode());
    assertEquals(
        400,
        http.get(
                "/api/v1/sessions?sort=pages&order=asc&cursor="
                    + byErrors.get("nextCursor").asText(),
                VIEWER_TOKEN)
            .statusCode(),
        "a cursor continues only its own direction");
    assertEquals(400, http.get("/api/v1/sessions?minErrors=-1", VIEWER_TOKEN).statusCode());
  }

  @Test
  void insightsPageListsTheGroupsAndItsLinkOpensTheLatestOccurrence() {
    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/insights-page.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "FROM",
                String.valueOf(FROM),
                "TO",
                String.valueOf(TO),
                "KEY",
                TYPE_ERROR,
                "USER",
                "u1-" + TOKEN,
                "URL_TEXT",
                "cart-" + TOKEN),
            Duration.ofSeconds(120));
    JsonNode rows = seen.get("jsRows");
    List<String> keys =
        StreamSupport.stream(rows.spliterator(), false)
            .map(r -> r.get("key").asText())
            .filter(k -> k.contains(TOKEN))
            .toList();
    assertEquals(List.of(TYPE_ERROR, RANGE_ERROR), keys);
    JsonNode first =
        StreamSupport.stream(rows.spliterator(), false)
            .filter(r -> r.get("key").asText().equals(TYPE_ERROR))
            .findFirst()
            .orElseThrow();
    assertEquals(3, first.get("sessions").asInt());
    assertEquals(4, first.get("occurrences").asInt());
    assertTrue(seen.get("panels").asInt() == 4, seen.toString());
    JsonNode panels = seen.get("panelRows");
    long hour = 3_600_000L;
    assertPanelRow(
        panels.get("jsErrors"),
        TYPE_ERROR,
        List.of(3, 2, 4),
        List.of(BASE + 1000, BASE + 1500, BASE + hour + 1000, typeErrorLatest));
    List<Long> rangeErrors = new ArrayList<>(List.of(BASE + 2000));
    for (int i = 0; i < 5; i++) {
      rangeErrors.add(BASE + 2 * hour + 1000 + i * 100);
    }
    assertPanelRow(panels.get("jsErrors"), RANGE_ERROR, List.of(2, 1, 6), rangeErrors);
    assertPanelRow(
        panels.get("backendErrors"),
        "Sentry: IllegalStateException: Payment declined " + TOKEN,
        List.of(2, 2, 2),
        List.of(BASE + hour + 4000, BASE + 9 * hour + 4000));
    assertPanelRow(
        panels.get("failingEndpoints"),
        "POST /api/orders/{id}",
        List.of(3, 2, 3),
        List.of(BASE + 2500, BASE + hour + 2500, BASE + 2 * hour + 2500));
    assertPanelRow(
        panels.get("failingEndpoints"),
        "GET /api/cart",
        List.of(1, 1, 1),
        List.of(BASE + 9 * hour + 2500));
    JsonNode rage =
        assertPanelRow(
            panels.get("frustrationTargets"),
            "button#pay-" + TOKEN,
            List.of(2, 2, 2),
            List.of(BASE + 3500, BASE + hour + 3500));
    assertEquals("rage-click", rage.get("kind").asText());
    assertEquals("https://shop.example.com/cart-" + TOKEN, rage.get("page").asText());
    assertEquals(
        "/replay/" + SESSIONS.get(1) + "?t=" + (BASE + hour + 3500),
        rage.get("link").asText(),
        "latest occurrence");
    assertEquals(
        "dead-click",
        assertPanelRow(
                panels.get("frustrationTargets"),
                "div.price-" + TOKEN,
                List.of(1, 1, 1),
                List.of(BASE + 9 * hour + 3500))
            .get("kind")
            .asText());
    assertEquals(
        "/replay/" + SESSIONS.get(2) + "?t=" + typeErrorLatest, seen.get("replayUrl").asText());
    long playerTs = seen.get("playerTs").asLong();
    assertTrue(
        playerTs <= typeErrorLatest && playerTs >= typeErrorLatest - 3500,
        "player just before the error: " + seen);
    assertTrue(
        seen.get("errorEntryShown").asBoolean(), "the error is in the event stream: " + seen);

    assertEquals(
        List.of(SESSIONS.get(0), SESSIONS.get(2)),
        texts(seen.get("userRowsByErrors")),
        "sorted by errors: " + seen);
    assertEquals(
        List.of(SESSIONS.get(1), SESSIONS.get(0)),
        texts(seen.get("urlRows")),
        "URL contains, newest first: " + seen);
    assertTrue(seen.get("sessionsQuery").asText().contains("sort=errors"), seen.toString());
  }

  /**
   * The row of {@code key} in a panel shows sessions, users and occurrences as given, and one trend
   * bar per UTC day of the period whose counts are the occurrences of that day.
   */
  private static JsonNode assertPanelRow(
      JsonNode rows, String key, List<Integer> cells, List<Long> occurrences) {
    JsonNode row =
        StreamSupport.stream(rows.spliterator(), false)
            .filter(r -> r.get("key").asText().equals(key))
            .findFirst()
            .orElseThrow(() -> new AssertionError(key + " in " + rows));
    assertEquals(
        cells,
        StreamSupport.stream(row.get("cells").spliterator(), false).map(JsonNode::asInt).toList(),
        "sessions, users, times of " + key);
    Map<String, Integer> expected = new java.util.TreeMap<>();
    occurrences.forEach(
        ts ->
            expected.merge(
                java.time.Instant.ofEpochMilli(ts)
                    .atZone(java.time.ZoneOffset.UTC)
                    .toLocalDate()
                    .toString(),
                1,
                Integer::sum));
    Map<String, Integer> shown = new java.util.TreeMap<>();
    double zeroHeight = Double.MAX_VALUE;
    double minShownHeight = Double.MAX_VALUE;
    for (JsonNode bar : row.get("bars")) {
      if (bar.get("count").asInt() > 0) {
        shown.put(bar.get("day").asText(), bar.get("count").asInt());
        minShownHeight = Math.min(minShownHeight, bar.get("height").asDouble());
      } else {
        zeroHeight = Math.min(zeroHeight, bar.get("height").asDouble());
      }
    }
    assertEquals(expected, shown, "daily trend of " + key);
    long days = Math.floorDiv(TO - 1, 86_400_000L) - Math.floorDiv(FROM, 86_400_000L) + 1;
    assertEquals(days, row.get("bars").size(), "one bar per day of the period: " + row);
    assertTrue(
        zeroHeight == Double.MAX_VALUE || minShownHeight > zeroHeight,
        "days with occurrences have taller bars: " + row);
    return row;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static List<String> ids(JsonNode page) {
    return StreamSupport.stream(page.get("sessions").spliterator(), false)
        .map(s -> s.get("sessionId").asText())
        .toList();
  }
}
