package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The real rrweb recording from replay-service's tests (a two-page visit, three checkouts),
 * re-timed and varied so every copy is a distinct, valid batch: timestamps moved to a given start,
 * a fresh trace ID on every traced request, mouse positions jittered. Thread-safe after loading.
 */
public final class RecordingFixture {
  public static final String DEFAULT_PATH =
      "replay-service/src/test/resources/fixtures/recording.json";
  static final ObjectMapper JSON = new ObjectMapper();

  private final List<ObjectNode> events;

  private RecordingFixture(List<ObjectNode> events) {
    this.events = events;
  }

  public static RecordingFixture load(Path path) throws IOException {
    JsonNode root = JSON.readTree(path.toFile());
    List<ObjectNode> events = new ArrayList<>();
    for (JsonNode e : (ArrayNode) root) {
      events.add((ObjectNode) e);
    }
    return new RecordingFixture(List.copyOf(events));
  }

  List<ObjectNode> events() {
    return events;
  }

  long durationMs() {
    return events.get(events.size() - 1).get("timestamp").asLong()
        - events.get(0).get("timestamp").asLong();
  }

  /** The whole recording as one batch's events, starting at {@code startTs}. */
  List<ObjectNode> copyAt(long startTs, Random random) {
    long shift = startTs - events.get(0).get("timestamp").asLong();
    List<ObjectNode> out = new ArrayList<>(events.size());
    for (ObjectNode e : events) {
      out.add(vary(e, e.get("timestamp").asLong() + shift, random));
    }
    return out;
  }

  /** A copy of {@code e} at {@code ts} with a new trace ID and jittered pointer positions. */
  static ObjectNode vary(ObjectNode e, long ts, Random random) {
    ObjectNode copy = e.deepCopy();
    copy.put("timestamp", ts);
    JsonNode data = copy.get("data");
    if (data instanceof ObjectNode d) {
      JsonNode payload = d.get("payload");
      if (payload instanceof ObjectNode p && p.has("traceId")) {
        p.put("traceId", hex(random, 32));
      }
      JsonNode positions = d.get("positions");
      if (positions instanceof ArrayNode a) {
        for (JsonNode pos : a) {
          ((ObjectNode) pos).put("x", pos.get("x").asInt() + random.nextInt(40));
          ((ObjectNode) pos).put("y", pos.get("y").asInt() + random.nextInt(40));
        }
      }
    }
    return copy;
  }

  static String hex(Random random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** UTF-8 bytes of the events as compact JSON, the way the recorder sends them. */
  static long rawBytes(List<ObjectNode> events) {
    long n = 0;
    for (ObjectNode e : events) {
      n += json(e).length;
    }
    return n;
  }

  static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The ingest request body for one batch, as JSON (not yet compressed). {@code sentAt} must be
   * within a minute of when the service receives it, or the service treats the difference as client
   * clock skew and shifts every timestamp.
   */
  static byte[] body(
      String sessionId, String windowId, long seq, long sentAt, List<ObjectNode> events) {
    ObjectNode b = JSON.createObjectNode();
    b.put("sessionId", sessionId);
    b.put("windowId", windowId);
    b.put("seq", seq);
    b.put("sentAt", sentAt);
    b.set("events", JSON.valueToTree(events));
    return json(b);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
