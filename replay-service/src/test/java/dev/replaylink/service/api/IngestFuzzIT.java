package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.storage.RecordingReader;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Generated ingest traffic, valid and broken, with retries and reused keys: the service answers only
 * 2xx or 4xx, and what it stores is exactly what it acknowledged. The seed is printed so a failure
 * can be replayed with -Dfuzz.seed=N.
 */
@MicronautTest
class IngestFuzzIT {
  static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);

  @Inject
  EmbeddedServer server;
  @Inject
  RecordingReader reader;

  record Key(String session, String window, long seq) {}

  @Test
  void onlyTwoOrFourHundredsAndStoredEqualsAcknowledged() {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("IngestFuzzIT seed " + seed);
    Random rnd = new Random(seed);
    Http http = new Http(server.getURL().toString());
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sessions.add("fz" + run + "-s" + i);
    }
    Map<Key, Integer> acknowledged = new HashMap<>();
    Map<String, Integer> statuses = new HashMap<>();
    RecordingReader.StorageCounts before = reader.counts();
    for (int i = 0; i < REQUESTS; i++) {
      String session = sessions.get(rnd.nextInt(sessions.size()));
      Key key = new Key(session, "win-" + rnd.nextInt(2) + "-" + run, rnd.nextInt(15));
      ObjectNode batch = validBatch(rnd, key);
      int events = batch.get("events").size();
      String mutation = rnd.nextInt(100) < 45 ? MUTATIONS[rnd.nextInt(MUTATIONS.length)] : "none";
      byte[] body = mutate(rnd, batch, mutation);
      boolean gzip = rnd.nextBoolean() && !mutation.equals("bad-gzip");
      HttpRequest.Builder req = http.request("/api/v1/ingest").header("Content-Type", "application/json")
          .header("X-Replaylink-Key", INGEST_KEY).header("Origin", TestObjects.ALLOWED_ORIGIN)
          .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? TestObjects.gzip(body) : body));
      if (gzip || mutation.equals("bad-gzip")) {
        req.header("Content-Encoding", "gzip");
      }
      HttpResponse<String> r = http.send(req);
      statuses.merge(mutation + ":" + r.statusCode(), 1, Integer::sum);
      if (r.statusCode() >= 500 || r.statusCode() < 200 || (r.statusCode() >= 300 && r.statusCode() < 400)) {
        fail("request " + i + " (" + mutation + ", seed " + seed + ") got " + r.statusCode() + ": " + r.body());
      }
      JsonNode json = Http.json(r);
      if (r.statusCode() == 200) {
        if (json.get("duplicate").asBoolean()) {
          assertTrue(acknowledged.containsKey(key), "duplicate for a key never stored: " + key + " seed " + seed);
          assertEquals(0, json.get("accepted").asInt());
        } else {
          assertFalse(acknowledged.containsKey(key), "stored twice: " + key + " seed " + seed);
          assertEquals(mutation.equals("none") || mutation.equals("extra-field") ? events : json.get("accepted").asInt(),
              json.get("accepted").asInt(), mutation);
          acknowledged.put(key, json.get("accepted").asInt());
        }
      } else {
        assertTrue(json.hasNonNull("error") && json.hasNonNull("message"), "a JSON reason: " + r.body());
      }
    }
    System.out.println("IngestFuzzIT outcomes " + new java.util.TreeMap<>(statuses));
    RecordingReader.StorageCounts after = reader.counts();
    int ackEvents = acknowledged.values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(acknowledged.size(), after.batches() - before.batches(), "one stored batch per acknowledged key");
    assertEquals(ackEvents, after.events() - before.events(), "stored events equal acknowledged events");
    for (String s : sessions) {
      int expected = acknowledged.entrySet().stream().filter(e -> e.getKey().session().equals(s)).mapToInt(Map.Entry::getValue).sum();
      long stored = reader.session(List.of("shop"), s).map(x -> x.eventCount()).orElse(0L);
      assertEquals(expected, stored, "session " + s + " seed " + seed);
    }
    assertTrue(acknowledged.size() > 100, "the generator produced enough valid batches: " + acknowledged.size());
  }

  static final String[] MUTATIONS = {"truncate", "random-bytes", "bad-gzip", "drop-session", "bad-session", "negative-seq", "seq-string",
      "events-object", "event-type", "event-no-ts", "event-future", "event-old", "deep", "dup-key", "invalid-utf8", "huge-string",
      "extra-field", "null-events", "user-number", "float-ts", "too-many"};

  static ObjectNode validBatch(Random rnd, Key key) {
    long now = System.currentTimeMillis() - 5_000;
    ObjectNode b = TestObjects.JSON.createObjectNode();
    b.put("sessionId", key.session());
    b.put("windowId", key.window());
    b.put("seq", key.seq());
    if (rnd.nextInt(5) == 0) {
      b.putObject("user").put("id", "user-" + rnd.nextInt(5));
    }
    ArrayNode events = b.putArray("events");
    int n = rnd.nextInt(12);
    long ts = now - rnd.nextInt(60_000);
    if (rnd.nextBoolean() && n > 1) {
      events.add(TestObjects.meta(ts, "https://shop.example.com/p/" + rnd.nextInt(100)));
      events.add(TestObjects.fullSnapshot(ts + 1));
      n -= 2;
    }
    for (int i = 0; i < n; i++) {
      ts += rnd.nextInt(500);
      switch (rnd.nextInt(5)) {
        case 0 -> events.add(TestObjects.network(ts, rnd.nextBoolean() ? 200 : 500, rnd.nextBoolean() ? TestObjects.randomTraceId() : null));
        case 1 -> events.add(TestObjects.custom(ts, rnd.nextBoolean() ? "error" : "rage-click",
            TestObjects.JSON.createObjectNode().put("message", "m" + rnd.nextInt()).put("selector", "#b")));
        default -> events.add(TestObjects.incremental(ts));
      }
    }
    b.put("sentAt", ts + 10);
    return b;
  }

  static byte[] mutate(Random rnd, ObjectNode b, String mutation) {
    ArrayNode events = (ArrayNode) b.get("events");
    switch (mutation) {
      case "truncate" -> {
        byte[] all = TestObjects.bytes(b);
        byte[] cut = new byte[Math.max(1, rnd.nextInt(all.length))];
        System.arraycopy(all, 0, cut, 0, cut.length);
        return cut;
      }
      case "random-bytes", "bad-gzip" -> {
        byte[] junk = new byte[1 + rnd.nextInt(300)];
        rnd.nextBytes(junk);
        return junk;
      }
      case "drop-session" -> b.remove("sessionId");
      case "bad-session" -> b.put("sessionId", "s" + "<>\"'".charAt(rnd.nextInt(4)) + "xxxxxxxx");
      case "negative-seq" -> b.put("seq", -1 - rnd.nextInt(10));
      case "seq-string" -> b.put("seq", "7");
      case "events-object" -> b.putObject("events");
      case "event-type" -> events.addObject().put("type", 9).put("timestamp", System.currentTimeMillis());
      case "event-no-ts" -> events.addObject().put("type", 3);
      case "event-future" -> events.add(TestObjects.incremental(System.currentTimeMillis() + 86_400_000L * 3));
      case "event-old" -> events.add(TestObjects.incremental(System.currentTimeMillis() - 86_400_000L * 30));
      case "deep" -> {
        String deep = "[".repeat(3000) + "]".repeat(3000);
        return TestObjects.utf8(TestObjects.bytes(b)).replace("\"events\":[", "\"events\":[" + deep + ",").getBytes(StandardCharsets.UTF_8);
      }
      case "dup-key" -> {
        return TestObjects.utf8(TestObjects.bytes(b)).replaceFirst("\\{", "{\"seq\":3,").getBytes(StandardCharsets.UTF_8);
      }
      case "invalid-utf8" -> {
        byte[] all = TestObjects.bytes(b);
        all[rnd.nextInt(all.length)] = (byte) 0xC3;
        all[all.length / 2] = (byte) 0xFF;
        return all;
      }
      case "huge-string" -> events.add(TestObjects.custom(System.currentTimeMillis() - 1000, "track",
          TestObjects.JSON.createObjectNode().put("name", "x".repeat(700_000))));
      case "extra-field" -> b.put("unknownField", "ignored");
      case "null-events" -> b.putNull("events");
      case "user-number" -> b.putObject("user").put("id", 42);
      case "float-ts" -> events.addObject().put("type", 3).put("timestamp", 1.5e12);
      case "too-many" -> {
        for (int i = 0; i < 501; i++) {
          events.add(TestObjects.incremental(System.currentTimeMillis() - 1000));
        }
      }
      default -> { }
    }
    return TestObjects.bytes(b);
  }
}
