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

  /** Offset from the start of {@link #longRecording} of its last full snapshot (a checkout). */
  static final long CHECKOUT_OFFSET_MS = 32_000;

  /**
   * The recorded fixture (7 s of a real page) followed by 43 s of generated activity: moves,
   * clicks, a traced successful request, a console warning, a mouse thrash and a rage click; then
   * 20 s without interaction, in which the recording was paused on an excluded page for 3 s and
   * took a new full snapshot (checkout) at {@link #CHECKOUT_OFFSET_MS}; then a dead click and an
   * error. Starts at {@code start}.
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
    events.add(maskedTextAdded(start + 9_500));
    events.add(click(start + 10_000, BUTTON_ID, 60, 111));
    events.add(
        custom(
            start + 12_000,
            "network",
            JSON.createObjectNode()
                .put("method", "GET")
                .put("url", "https://shop.example.com/api/cart")
                .put("status", 200)
                .put("durationMs", 84)
                .put("traceId", traceId)));
    events.add(
        custom(
            start + 14_000,
            "console",
            JSON.createObjectNode().put("level", "warn").put("message", "cart is slow")));
    events.add(click(start + 15_000, BUTTON_ID, 60, 111));
    events.add(
        custom(
            start + 16_000,
            "mouse-thrash",
            JSON.createObjectNode().put("x", 180).put("y", 140).put("selector", "div.cart")));
    events.add(
        custom(
            start + 18_000,
            "rage-click",
            JSON.createObjectNode().put("x", 60).put("y", 111).put("selector", "button#pay")));
    events.add(click(start + 20_000, BUTTON_ID, 60, 111));
    events.add(
        custom(start + 30_000, "track", JSON.createObjectNode().put("name", "idle-banner-shown")));
    events.add(
        custom(
            start + 26_000,
            "recording-paused",
            JSON.createObjectNode().put("reason", "excluded-page")));
    events.add(
        custom(
            start + 29_000,
            "recording-resumed",
            JSON.createObjectNode().put("reason", "excluded-page")));
    events.addAll(checkout(fixture, start + CHECKOUT_OFFSET_MS));
    for (int s = 41; s <= 50; s++) {
      events.add(mouseMove(start + s * 1000L, 300 - s, 200));
    }
    events.add(
        custom(
            start + 44_000,
            "dead-click",
            JSON.createObjectNode().put("x", 300).put("y", 200).put("selector", "div.price")));
    events.add(
        custom(
            start + 46_000,
            "error",
            JSON.createObjectNode()
                .put("type", "RangeError")
                .put("message", "Invalid array length")));
    events.sort((a, b) -> Long.compare(a.get("timestamp").asLong(), b.get("timestamp").asLong()));
    return events;
  }

  /**
   * The fixture's last Meta and FullSnapshot (the page as it was then) moved to {@code at}, as a
   * checkout.
   */
  static List<JsonNode> checkout(List<JsonNode> fixture, long at) {
    JsonNode meta = null;
    JsonNode full = null;
    for (JsonNode e : fixture) {
      if (e.get("type").asInt() == 4) {
        meta = e;
      } else if (e.get("type").asInt() == 2) {
        full = e;
      }
    }
    ObjectNode metaCopy = meta.deepCopy();
    metaCopy.put("timestamp", at);
    ObjectNode fullCopy = full.deepCopy();
    fullCopy.put("timestamp", at + 1);
    return List.of(metaCopy, fullCopy);
  }

  /**
   * The recorded fixture's page (snapshots and interactions, none of its custom events) at {@code
   * start}, plus extra events.
   */
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
    // as in a real single-page app, a checkout after a navigation records the page navigated to
    String page = null;
    for (JsonNode e : events) {
      if (e.get("type").asInt() == 5 && "navigation".equals(e.path("data").path("tag").asText())) {
        page = e.path("data").path("payload").path("url").asText();
      } else if (e.get("type").asInt() == 4 && page != null) {
        ((ObjectNode) e.get("data")).put("href", page);
      }
    }
    return events;
  }

  static ObjectNode jsError(long ts, String type, String message) {
    return custom(ts, "error", JSON.createObjectNode().put("type", type).put("message", message));
  }

  static ObjectNode request(long ts, String method, String url, int status) {
    return custom(
        ts,
        "network",
        JSON.createObjectNode()
            .put("method", method)
            .put("url", url)
            .put("status", status)
            .put("durationMs", 120));
  }

  static ObjectNode navigation(long ts, String url) {
    return custom(ts, "navigation", JSON.createObjectNode().put("url", url));
  }

  static ObjectNode frustration(long ts, String kind, String selector) {
    return custom(
        ts, kind, JSON.createObjectNode().put("x", 60).put("y", 111).put("selector", selector));
  }

  /** Mirror id of the recorded page's body. */
  static final int BODY_ID = 13;

  /** Mirror id of the cart list, before which the blocked element is added. */
  static final int CART_LIST_ID = 32;

  /** Mirror id of the element added by {@link #blockedElementAdded}. */
  static final int BLOCKED_ID = 900;

  /**
   * A mutation adding an element the recorder blocked by selector: an empty box of its size, no
   * content.
   */
  static ObjectNode blockedElementAdded(long ts) {
    ObjectNode e = TestObjects.event(3, ts);
    ObjectNode data = e.putObject("data").put("source", 0);
    data.putArray("texts");
    data.putArray("attributes");
    data.putArray("removes");
    ObjectNode add = data.putArray("adds").addObject().put("parentId", BODY_ID);
    add.put("nextId", CART_LIST_ID);
    ObjectNode node =
        add.putObject("node").put("type", 2).put("tagName", "div").put("id", BLOCKED_ID);
    node.putObject("attributes")
        .put("class", "card-form")
        .put("rr_width", "320px")
        .put("rr_height", "60px");
    node.putArray("childNodes");
    return e;
  }

  /** Mirror id of the paragraph added by {@link #maskedTextAdded}. */
  static final int MASKED_ID = 910;

  /** A mutation adding a paragraph whose text the recorder masked (a run of '*' per word). */
  static ObjectNode maskedTextAdded(long ts) {
    ObjectNode e = TestObjects.event(3, ts);
    ObjectNode data = e.putObject("data").put("source", 0);
    data.putArray("texts");
    data.putArray("attributes");
    data.putArray("removes");
    var adds = data.putArray("adds");
    ObjectNode add = adds.addObject().put("parentId", BODY_ID);
    add.put("nextId", CART_LIST_ID);
    ObjectNode node = add.putObject("node").put("type", 2).put("tagName", "p").put("id", MASKED_ID);
    node.putObject("attributes").put("id", "shipping-name");
    node.putArray("childNodes");
    ObjectNode text = adds.addObject().put("parentId", MASKED_ID);
    text.putNull("nextId");
    text.putObject("node")
        .put("type", 3)
        .put("textContent", "***** *******")
        .put("id", MASKED_ID + 1);
    return e;
  }

  /**
   * Sends events in batches of about 20 as one window, with an optional user; a Meta event and the
   * full snapshot after it stay in one batch, so the service sees the checkout. Batches say they
   * were sent now, as after a delayed upload, so events keep their timestamps (no clock-skew
   * correction).
   */
  static void ingest(Http http, String session, List<? extends JsonNode> events, String userId) {
    String window = "window-" + session.substring(Math.max(0, session.length() - 12));
    int seq = 0;
    for (int from = 0; from < events.size(); seq++) {
      int to = Math.min(events.size(), from + 20);
      if (to < events.size() && events.get(to - 1).get("type").asInt() == 4) {
        to--;
      }
      ObjectNode b = batch(session, window, seq, events.subList(from, to));
      from = to;
      b.put("sentAt", System.currentTimeMillis());
      if (userId != null) {
        b.putObject("user").put("id", userId);
      }
      assertEquals(
          200, http.ingest(bytes(b), true, INGEST_KEY).statusCode(), "ingest of " + session);
    }
  }

  /** A Sentry-style backend error report for a session moment. */
  static void backendError(
      Http http, String session, long ts, String type, String message, String link) {
    ObjectNode r =
        JSON.createObjectNode()
            .put("sessionId", session)
            .put("timestamp", ts)
            .put("source", "sentry")
            .put("eventId", TestObjects.randomId("ev"))
            .put("type", type)
            .put("message", message);
    if (link != null) {
      r.put("link", link);
    }
    var response =
        http.send(
            http.request("/api/v1/errors")
                .header("Content-Type", "application/json")
                .header("X-Replaylink-Key", INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(r))));
    assertEquals(200, response.statusCode(), response.body());
  }
}
