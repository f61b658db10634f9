package dev.replaylink.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.index.BatchIndexer;
import dev.replaylink.service.index.PageTracking;
import dev.replaylink.service.ingest.BatchParser;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.WindowPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** Named constants, random IDs and batch builders shared by replay-service tests. */
public final class TestObjects {
  public static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Trace ID of the traced request inside the recorded fixture (see
   * src/test/browser/record-fixture.mjs).
   */
  public static final String FIXTURE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  public static final String INGEST_KEY = "test-ingest-key-0123";
  public static final String OTHER_INGEST_KEY = "other-ingest-key-0123";
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
  public static final String VIEWER_TOKEN = "test-viewer-token-0123456789";
  public static final String OTHER_VIEWER_TOKEN = "other-viewer-token-0123456789";

  /** An admin token scoped to the "other" project only. */
  public static final String OTHER_ADMIN_TOKEN = "other-admin-token-0123456789";

  public static final String ALLOWED_ORIGIN = "https://shop.example.com";
  public static final long T0 = 1_760_000_000_000L;

  private TestObjects() {}

  public static String randomId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /**
   * The real rrweb recording kept as a fixture (Meta/FullSnapshot checkouts, incremental and custom
   * events), moved in time so that it ends a moment ago: the service trusts a client clock that
   * agrees with its own, so these events are stored exactly as sent.
   */
  public static List<JsonNode> fixtureEvents() {
    try (InputStream in = TestObjects.class.getResourceAsStream("/fixtures/recording.json")) {
      JsonNode array = JSON.readTree(in);
      long shift =
          System.currentTimeMillis() - 200 - array.get(array.size() - 1).get("timestamp").asLong();
      List<JsonNode> events = new ArrayList<>();
      array.forEach(
          e -> {
            ObjectNode copy = e.deepCopy();
            copy.put("timestamp", e.get("timestamp").asLong() + shift);
            events.add(copy);
          });
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fixture with its traced request carrying another trace ID (tests sharing a database stay
   * apart).
   */
  public static List<JsonNode> fixtureEventsWithTrace(String traceId) {
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode e : fixtureEvents()) {
      if (e.path("data").path("tag").asText().equals("network")) {
        ObjectNode copy = e.deepCopy();
        ((ObjectNode) copy.get("data").get("payload")).put("traceId", traceId);
        events.add(copy);
      } else {
        events.add(e);
      }
    }
    return events;
  }

  public static String randomTraceId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  public static ObjectNode batch(
      String sessionId, String windowId, long seq, List<? extends JsonNode> events) {
    ObjectNode b = JSON.createObjectNode();
    b.put("sessionId", sessionId);
    b.put("windowId", windowId);
    b.put("seq", seq);
    // sent just after the newest event, as a client does; events at T0 thus look like a client
    // clock
    // that is wrong by the difference, which the service corrects
    b.put(
        "sentAt",
        events.stream()
            .mapToLong(e -> e.get("timestamp").asLong() + 100)
            .max()
            .orElse(System.currentTimeMillis()));
    ArrayNode arr = b.putArray("events");
    events.forEach(arr::add);
    return b;
  }

  /** The first batch of a new session (a page view and its snapshot, ending at {@code now}). */
  public static ObjectNode firstBatch(long now) {
    return batch(
        randomId("sess"),
        randomId("win"),
        0,
        List.of(meta(now - 2000, "https://shop.example.com/"), fullSnapshot(now - 1999)));
  }

  public static ObjectNode meta(long ts, String href) {
    ObjectNode e = event(4, ts);
    e.putObject("data").put("href", href).put("width", 1024).put("height", 700);
    return e;
  }

  public static ObjectNode fullSnapshot(long ts) {
    ObjectNode e = event(2, ts);
    ObjectNode data = e.putObject("data");
    data.putObject("node").put("type", 0).put("id", 1).putArray("childNodes");
    data.putObject("initialOffset").put("top", 0).put("left", 0);
    return e;
  }

  public static ObjectNode incremental(long ts) {
    ObjectNode e = event(3, ts);
    e.putObject("data").put("source", 1).putArray("positions");
    return e;
  }

  public static ObjectNode custom(long ts, String tag, ObjectNode payload) {
    ObjectNode e = event(5, ts);
    e.putObject("data").put("tag", tag).set("payload", payload);
    return e;
  }

  public static ObjectNode network(long ts, int status, String traceId) {
    ObjectNode p =
        JSON.createObjectNode()
            .put("method", "POST")
            .put("url", "https://shop.example.com/api/checkout")
            .put("status", status)
            .put("durationMs", 42);
    if (traceId != null) {
      p.put("traceId", traceId);
    }
    return custom(ts, "network", p);
  }

  /** A click (rrweb incremental MouseInteraction, type Click) on the node with this mirror id. */
  public static ObjectNode click(long ts, int nodeId, int x, int y) {
    ObjectNode e = event(3, ts);
    e.putObject("data").put("source", 2).put("type", 2).put("id", nodeId).put("x", x).put("y", y);
    return e;
  }

  /** A pointer movement (rrweb incremental MouseMove) to x, y. */
  public static ObjectNode mouseMove(long ts, int x, int y) {
    ObjectNode e = event(3, ts);
    ObjectNode data = e.putObject("data").put("source", 1);
    data.putArray("positions")
        .addObject()
        .put("x", x)
        .put("y", y)
        .put("id", 1)
        .put("timeOffset", 0);
    return e;
  }

  public static ObjectNode event(int type, long ts) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", type);
    e.put("timestamp", ts);
    return e;
  }

  /** A batch as the service would store it (parsed, validated and indexed). */
  public static IndexedBatch indexed(String project, ObjectNode batch) {
    return BatchIndexer.index(
        project, new BatchParser(10_000, 1 << 24).parse(bytes(batch)), System.currentTimeMillis());
  }

  /** A batch indexed as ingest does when the window's page before it is {@code before}. */
  public static IndexedBatch indexed(String project, ObjectNode batch, WindowPage before) {
    ParsedBatch parsed = new BatchParser(10_000, 1 << 24).parse(bytes(batch));
    return BatchIndexer.index(
        project, PageTracking.walk(parsed, before, url -> false), System.currentTimeMillis());
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
