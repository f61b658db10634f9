package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.JSON;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.click;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.mouseMove;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.Http;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/** Recordings for the UI tests, sent through the real ingest and errors APIs. */
final class UiSeeds {
  /** Mirror id of a button in the recorded fixture page. */
  static final int BUTTON_ID = 26;

  private UiSeeds() {}

  /**
   * The recorded fixture (7 s of a real page) followed by 43 s of generated activity: moves, clicks, a
   * traced successful request, a console warning and a rage click; then 20 s without interaction; then
   * a dead click and an error. Starts at {@code start}.
   */
  static List<JsonNode> longRecording(long start, String traceId) {
    List<JsonNode> fixture = TestObjects.fixtureEvents();
    long shift = start - fixture.get(0).get("timestamp").asLong();
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode e : fixture) {
      ObjectNode copy = e.deepCopy();
      copy.put("timestamp", e.get("timestamp").asLong() + shift);
      events.add(copy);
    }
    for (int s = 8; s <= 20; s++) {
      events.add(mouseMove(start + s * 1000L, 40 + s * 10, 100 + s * 5));
    }
    events.add(blockedElementAdded(start + 9_000));
    events.add(click(start + 10_000, BUTTON_ID, 60, 111));
    events.add(custom(start + 12_000, "network", JSON.createObjectNode().put("method", "GET").put("url", "https://shop.example.com/api/cart")
        .put("status", 200).put("durationMs", 84).put("traceId", traceId)));
    events.add(custom(start + 14_000, "console", JSON.createObjectNode().put("level", "warn").put("message", "cart is slow")));
    events.add(click(start + 15_000, BUTTON_ID, 60, 111));
    events.add(custom(start + 18_000, "rage-click", JSON.createObjectNode().put("x", 60).put("y", 111).put("selector", "button#pay")));
    events.add(click(start + 20_000, BUTTON_ID, 60, 111));
    events.add(custom(start + 30_000, "track", JSON.createObjectNode().put("name", "idle-banner-shown")));
    for (int s = 41; s <= 50; s++) {
      events.add(mouseMove(start + s * 1000L, 300 - s, 200));
    }
    events.add(custom(start + 44_000, "dead-click", JSON.createObjectNode().put("x", 300).put("y", 200).put("selector", "div.price")));
    events.add(custom(start + 46_000, "error", JSON.createObjectNode().put("type", "RangeError").put("message", "Invalid array length")));
    events.sort((a, b) -> Long.compare(a.get("timestamp").asLong(), b.get("timestamp").asLong()));
    return events;
  }

  /** The recorded fixture's page (snapshots and interactions, none of its custom events) at {@code start}, plus extra events. */
  static List<JsonNode> pageWith(long start, List<? extends JsonNode> extra) {
    List<JsonNode> fixture = TestObjects.fixtureEvents();
    long shift = start - fixture.get(0).get("timestamp").asLong();
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode e : fixture) {
      if (e.get("type").asInt() != 5) {
        ObjectNode copy = e.deepCopy();
        copy.put("timestamp", e.get("timestamp").asLong() + shift);
        events.add(copy);
      }
    }
    events.addAll(extra);
    events.sort((a, b) -> Long.compare(a.get("timestamp").asLong(), b.get("timestamp").asLong()));
    return events;
  }

  static ObjectNode jsError(long ts, String type, String message) {
    return custom(ts, "error", JSON.createObjectNode().put("type", type).put("message", message));
  }

  static ObjectNode request(long ts, String method, String url, int status) {
    return custom(ts, "network", JSON.createObjectNode().put("method", method).put("url", url).put("status", status).put("durationMs", 120));
  }

  static ObjectNode navigation(long ts, String url) {
    return custom(ts, "navigation", JSON.createObjectNode().put("url", url));
  }

  static ObjectNode frustration(long ts, String kind, String selector) {
    return custom(ts, kind, JSON.createObjectNode().put("x", 60).put("y", 111).put("selector", selector));
  }

  /** Mirror id of the recorded page's body. */
  static final int BODY_ID = 13;
  /** Mirror id of the cart list, before which the blocked element is added. */
  static final int CART_LIST_ID = 32;
  /** Mirror id of the element added by {@link #blockedElementAdded}. */
  static final int BLOCKED_ID = 900;

  /** A mutation adding an element the recorder blocked by selector: an empty box of its size, no content. */
  static ObjectNode blockedElementAdded(long ts) {
    ObjectNode e = TestObjects.event(3, ts);
    ObjectNode data = e.putObject("data").put("source", 0);
    data.putArray("texts");
    data.putArray("attributes");
    data.putArray("removes");
    ObjectNode add = data.putArray("adds").addObject().put("parentId", BODY_ID);
    add.put("nextId", CART_LIST_ID);
    ObjectNode node = add.putObject("node").put("type", 2).put("tagName", "div").put("id", BLOCKED_ID);
    node.putObject("attributes").put("class", "card-form").put("rr_width", "320px").put("rr_height", "60px");
    node.putArray("childNodes");
    return e;
  }

  /**
   * Sends events in batches of 20 as one window, with an optional user. Batches say they were sent now,
   * as after a delayed upload, so events keep their timestamps (no clock-skew correction).
   */
  static void ingest(Http http, String session, List<? extends JsonNode> events, String userId) {
    String window = "window-" + session.substring(Math.max(0, session.length() - 12));
    for (int i = 0; i * 20 < events.size(); i++) {
      ObjectNode b = batch(session, window, i, events.subList(i * 20, Math.min(events.size(), (i + 1) * 20)));
      b.put("sentAt", System.currentTimeMillis());
      if (userId != null) {
        b.putObject("user").put("id", userId);
      }
      assertEquals(200, http.ingest(bytes(b), true, INGEST_KEY).statusCode(), "ingest of " + session);
    }
  }

  /** A Sentry-style backend error report for a session moment. */
  static void backendError(Http http, String session, long ts, String type, String message, String link) {
    ObjectNode r = JSON.createObjectNode().put("sessionId", session).put("timestamp", ts).put("source", "sentry")
        .put("eventId", TestObjects.randomId("ev")).put("type", type).put("message", message);
    if (link != null) {
      r.put("link", link);
    }
    var response = http.send(http.request("/api/v1/errors").header("Content-Type", "application/json").header("X-Replaylink-Key", INGEST_KEY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(r))));
    assertEquals(200, response.statusCode(), response.body());
  }
}
