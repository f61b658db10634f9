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
import dev.replaylink.service.model.StorageCounts;
import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.StorageComponent;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Generated ingest traffic, valid and broken, with retries and reused keys: the service answers
 * only 2xx or 4xx, a broken batch is always refused, and what it stores is exactly what it
 * acknowledged — for every acknowledged (session, window, seq), the stored events equal the events
 * sent in the first accepted request for that key, and nothing else is stored. The seed is printed
 * so a failure can be replayed with -Dfuzz.seed=N; -Dfuzz.requests=N changes the number of batches
 * (default 10,000). Runs on H2 here and on PostgreSQL in {@link IngestFuzzPostgresIT}.
 */
@MicronautTest
@Property(name = "replaylink.ingest.rate-per-session", value = "0")
@Property(name = "replaylink.storage.compaction.enabled", value = "false")
class IngestFuzzIT extends EmbeddedServiceTest {
  static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
  static final String PROJECT = "shop";

  @Inject StorageComponent storage;
  @Inject DataSource dataSource;

  record Key(String session, String window, long seq) {}

  /**
   * Mutations after which the batch is still valid: it must be accepted with exactly these events.
   */
  static final String[] ACCEPTED = {
    "none",
    "extra-field",
    "nul-in-data",
    "escaped-lone-surrogate",
    "huge-integer-in-data",
    "negative-numbers-in-data",
    "unicode-text",
    "empty-events",
    "user-id"
  };

  /** Mutations that make the batch invalid: it must be refused with a 4xx and a JSON reason. */
  static final String[] REFUSED = {
    "truncate",
    "random-bytes",
    "bad-gzip",
    "drop-session",
    "bad-session",
    "negative-seq",
    "seq-string",
    "events-object",
    "event-type",
    "event-no-ts",
    "event-future",
    "event-old",
    "deep",
    "dup-key",
    "dup-key-nested",
    "invalid-utf8",
    "overlong-utf8",
    "raw-lone-surrogate",
    "raw-nul",
    "user-id-nul",
    "huge-string",
    "null-events",
    "user-number",
    "float-ts",
    "too-many",
    "huge-seq",
    "huge-timestamp",
    "huge-type",
    "wrapped-timestamp"
  };

  @Test
  void onlyTwoOrFourHundredsAndStoredEqualsAcknowledged() {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println(getClass().getSimpleName() + " seed " + seed + ", " + REQUESTS + " batches");
    long started = System.nanoTime();
    Random rnd = new Random(seed);
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      sessions.add("fz" + run + "-s" + i);
    }
    Map<Key, List<JsonNode>> acknowledged = new HashMap<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    StorageCounts before = storage.counts();
    for (int i = 0; i < REQUESTS; i++) {
      String session = sessions.get(rnd.nextInt(sessions.size()));
      Key key = new Key(session, "win-" + rnd.nextInt(2) + "-" + run, rnd.nextInt(30));
      ObjectNode batch = validBatch(rnd, key);
      boolean broken = rnd.nextInt(100) < 40;
      String mutation =
          broken ? REFUSED[rnd.nextInt(REFUSED.length)] : ACCEPTED[rnd.nextInt(ACCEPTED.length)];
      byte[] body = mutate(rnd, batch, mutation);
      boolean gzip = rnd.nextBoolean() && !mutation.equals("bad-gzip");
      HttpRequest.Builder req =
          http.request("/api/v1/ingest")
              .header("Content-Type", "application/json")
              .header("X-Replaylink-Key", INGEST_KEY)
              .header("Origin", TestObjects.ALLOWED_ORIGIN)
              .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? TestObjects.gzip(body) : body));
      if (gzip || mutation.equals("bad-gzip")) {
        req.header("Content-Encoding", "gzip");
      }
      HttpResponse<String> r = http.send(req);
      String where = "request " + i + " (" + mutation + ", seed " + seed + ")";
      outcomes.merge(mutation + ":" + r.statusCode(), 1, Integer::sum);
      if (r.statusCode() >= 500
          || r.statusCode() < 200
          || (r.statusCode() >= 300 && r.statusCode() < 400)) {
        fail(where + " got " + r.statusCode() + ": " + r.body());
      }
      JsonNode json = Http.json(r);
      if (broken) {
        assertTrue(r.statusCode() >= 400, where + " was acknowledged: " + r.body());
        assertTrue(
            json.hasNonNull("error") && json.hasNonNull("message"),
            where + " a JSON reason: " + r.body());
        continue;
      }
      assertEquals(200, r.statusCode(), where + ": " + r.body());
      if (json.get("duplicate").asBoolean()) {
        assertTrue(
            acknowledged.containsKey(key), where + " duplicate for a key never stored: " + key);
        assertEquals(0, json.get("accepted").asInt(), where);
      } else {
        assertFalse(acknowledged.containsKey(key), where + " stored twice: " + key);
        List<JsonNode> sent = sentEvents(body);
        assertEquals(
            sent.size(), json.get("accepted").asInt(), where + " accepted every event sent");
        acknowledged.put(key, sent);
      }
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    System.out.println(
        getClass().getSimpleName()
            + " "
            + REQUESTS
            + " batches in "
            + elapsedMs
            + " ms; outcomes "
            + outcomes);

    Map<Key, List<JsonNode>> stored = storedEvents(run);
    Map<Key, List<JsonNode>> expected = new HashMap<>();
    acknowledged.forEach(
        (k, events) -> {
          if (!events.isEmpty()) {
            expected.put(k, events);
          }
        });
    assertEquals(
        expected.keySet(),
        stored.keySet(),
        "events stored for exactly the acknowledged batches, seed " + seed);
    for (Map.Entry<Key, List<JsonNode>> e : expected.entrySet()) {
      assertEquals(
          e.getValue(),
          stored.get(e.getKey()),
          "stored events of " + e.getKey() + ", seed " + seed);
    }
    assertEquals(
        acknowledged.keySet(),
        batchKeys(run),
        "one batch key per acknowledged batch, seed " + seed);
    StorageCounts after = storage.counts();
    int ackEvents = acknowledged.values().stream().mapToInt(List::size).sum();
    assertEquals(
        ackEvents, after.events() - before.events(), "stored events equal acknowledged events");
    for (String s : sessions) {
      int want =
          acknowledged.entrySet().stream()
              .filter(e -> e.getKey().session().equals(s))
              .mapToInt(e -> e.getValue().size())
              .sum();
      long have =
          storage.sessions().session(List.of(PROJECT), s).map(x -> x.eventCount()).orElse(0L);
      assertEquals(want, have, "session " + s + " seed " + seed);
    }
    assertTrue(
        acknowledged.size() > REQUESTS / 5,
        "the generator produced enough valid batches: " + acknowledged.size());
  }

  /** The events of a request body, as the service reads them (after gunzip; before any rewrite). */
  static List<JsonNode> sentEvents(byte[] body) {
    try {
      List<JsonNode> out = new ArrayList<>();
      TestObjects.JSON.readTree(body).get("events").forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every stored event of this run, per batch key, read from the chunks as stored. */
  Map<Key, List<JsonNode>> storedEvents(String run) {
    Map<Key, List<JsonNode>> out = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT session_id, window_id, seq, payload FROM rl_chunks WHERE project = ? AND session_id LIKE ? ORDER BY session_id, window_id, seq, part")) {
      ps.setString(1, PROJECT);
      ps.setString(2, "fz" + run + "-%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<JsonNode> events =
              out.computeIfAbsent(
                  new Key(rs.getString(1), rs.getString(2), rs.getLong(3)), k -> new ArrayList<>());
          for (String e : ChunkCodec.decode(rs.getBytes(4))) {
            events.add(TestObjects.JSON.readTree(e));
          }
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  Set<Key> batchKeys(String run) {
    Set<Key> out = new java.util.HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT session_id, window_id, seq FROM rl_batches WHERE project = ? AND session_id LIKE ?")) {
      ps.setString(1, PROJECT);
      ps.setString(2, "fz" + run + "-%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Key(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /**
   * A small valid batch whose client clock agrees with the service (so no skew correction rewrites
   * it).
   */
  static ObjectNode validBatch(Random rnd, Key key) {
    long now = System.currentTimeMillis();
    ObjectNode b = TestObjects.JSON.createObjectNode();
    b.put("sessionId", key.session());
    b.put("windowId", key.window());
    b.put("seq", key.seq());
    ArrayNode events = b.putArray("events");
    int n = 1 + rnd.nextInt(6);
    long ts = now - 30_000 + rnd.nextInt(20_000);
    if (rnd.nextBoolean() && n > 2) {
      events.add(TestObjects.meta(ts, "https://shop.example.com/p/" + rnd.nextInt(100)));
      events.add(TestObjects.fullSnapshot(ts + 1));
      n -= 2;
    }
    for (int i = 0; i < n; i++) {
      ts += rnd.nextInt(500);
      switch (rnd.nextInt(5)) {
        case 0 ->
            events.add(
                TestObjects.network(
                    ts,
                    rnd.nextBoolean() ? 200 : 500,
                    rnd.nextBoolean() ? TestObjects.randomTraceId() : null));
        case 1 ->
            events.add(
                TestObjects.custom(
                    ts,
                    rnd.nextBoolean() ? "error" : "rage-click",
                    TestObjects.JSON
                        .createObjectNode()
                        .put("message", "m" + rnd.nextInt())
                        .put("selector", "#b")));
        default -> events.add(TestObjects.incremental(ts));
      }
    }
    b.put("sentAt", now);
    return b;
  }

  static String text(ObjectNode b) {
    return TestObjects.utf8(TestObjects.bytes(b));
  }

  static ObjectNode lastEventData(ArrayNode events) {
    ObjectNode e = (ObjectNode) events.get(events.size() - 1);
    return e.has("data") && e.get("data").isObject()
        ? (ObjectNode) e.get("data")
        : e.putObject("data");
  }

  static byte[] mutate(Random rnd, ObjectNode b, String mutation) {
    ArrayNode events = (ArrayNode) b.get("events");
    switch (mutation) {
      // still valid
      case "extra-field" -> b.put("unknownField", "ignored");
      case "nul-in-data" ->
          events.add(
              TestObjects.custom(
                  events.get(0).get("timestamp").asLong() + 1,
                  "error",
                  TestObjects.JSON
                      .createObjectNode()
                      .put("type", "E\u0000")
                      .put("message", "nul\u0000inside")));
      case "escaped-lone-surrogate" -> {
        lastEventData(events).put("fuzzText", "MARK");
        return text(b).replace("\"MARK\"", "\"a\\ud800b\\udc00\"").getBytes(StandardCharsets.UTF_8);
      }
      case "huge-integer-in-data" ->
          lastEventData(events)
              .put("big", new BigInteger("123456789012345678901234567890"))
              .put("bigNegative", new BigInteger("-98765432109876543210987654321"))
              .put("maxLong", Long.MAX_VALUE);
      case "negative-numbers-in-data" ->
          lastEventData(events)
              .put("x", -1 - rnd.nextInt(100_000))
              .put("y", -0.5)
              .put("z", Long.MIN_VALUE);
      case "unicode-text" ->
          lastEventData(events).put("label", "Grüße 😀 ✓ \u2028 \"quoted\" \\ back");
      case "empty-events" -> events.removeAll();
      case "user-id" -> b.putObject("user").put("id", "user-" + rnd.nextInt(5));
      // invalid
      case "truncate" -> {
        byte[] all = TestObjects.bytes(b);
        byte[] cut = new byte[Math.max(1, rnd.nextInt(all.length))];
        System.arraycopy(all, 0, cut, 0, cut.length);
        return cut;
      }
      case "random-bytes", "bad-gzip" -> {
        byte[] junk = new byte[1 + rnd.nextInt(300)];
        rnd.nextBytes(junk);
        junk[0] = (byte) '{';
        return junk;
      }
      case "drop-session" -> b.remove("sessionId");
      case "bad-session" ->
          b.put("sessionId", "s" + "<>\"' \u0000".charAt(rnd.nextInt(6)) + "xxxxxxxx");
      case "negative-seq" -> b.put("seq", -1 - rnd.nextInt(10));
      case "seq-string" -> b.put("seq", "7");
      case "huge-seq" -> b.put("seq", new BigInteger("99999999999999999999999"));
      case "events-object" -> b.putObject("events");
      case "event-type" ->
          events
              .addObject()
              .put("type", rnd.nextBoolean() ? 9 : -3)
              .put("timestamp", System.currentTimeMillis());
      case "event-no-ts" -> events.addObject().put("type", 3);
      case "event-future" ->
          events.add(TestObjects.incremental(System.currentTimeMillis() + 86_400_000L * 3));
      case "event-old" ->
          events.add(TestObjects.incremental(System.currentTimeMillis() - 86_400_000L * 30));
      case "huge-type" ->
          events
              .addObject()
              .put("type", BigInteger.TWO.pow(64).add(BigInteger.valueOf(3)))
              .put("timestamp", System.currentTimeMillis() - 1000);
      case "wrapped-timestamp" ->
          events
              .addObject()
              .put("type", 3)
              .put(
                  "timestamp",
                  BigInteger.TWO
                      .pow(64)
                      .add(BigInteger.valueOf(System.currentTimeMillis() - 1000)));
      case "huge-timestamp" ->
          events.addObject().put("type", 3).put("timestamp", new BigInteger("1" + "0".repeat(30)));
      case "deep" -> {
        String deep = "[".repeat(3000) + "]".repeat(3000);
        return text(b)
            .replace("\"events\":[", "\"events\":[" + deep + ",")
            .getBytes(StandardCharsets.UTF_8);
      }
      case "dup-key" -> {
        return text(b).replaceFirst("\\{", "{\"seq\":3,").getBytes(StandardCharsets.UTF_8);
      }
      case "dup-key-nested" -> {
        lastEventData(events).put("dupe", 1);
        return text(b)
            .replace("\"dupe\":1", "\"dupe\":1,\"dupe\":2")
            .getBytes(StandardCharsets.UTF_8);
      }
      case "invalid-utf8" -> {
        byte[] all = TestObjects.bytes(b);
        all[rnd.nextInt(all.length)] = (byte) 0xC3;
        all[all.length / 2] = (byte) 0xFF;
        return all;
      }
      case "overlong-utf8", "raw-lone-surrogate", "raw-nul" -> {
        // inside a string value: an overlong '/' (C0 AF), a UTF-8-encoded lone surrogate (ED A0
        // 80), a raw NUL byte
        lastEventData(events).put("fuzzText", "MARK");
        byte[] all = TestObjects.bytes(b);
        byte[] bad =
            switch (mutation) {
              case "overlong-utf8" -> new byte[] {(byte) 0xC0, (byte) 0xAF};
              case "raw-lone-surrogate" -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
              default -> new byte[] {0};
            };
        return replace(all, "MARK".getBytes(StandardCharsets.UTF_8), bad);
      }
      case "user-id-nul" -> b.putObject("user").put("id", "u\u0000" + rnd.nextInt(5));
      case "huge-string" ->
          events.add(
              TestObjects.custom(
                  System.currentTimeMillis() - 1000,
                  "track",
                  TestObjects.JSON.createObjectNode().put("name", "x".repeat(700_000))));
      case "null-events" -> b.putNull("events");
      case "user-number" -> b.putObject("user").put("id", 42);
      case "float-ts" -> events.addObject().put("type", 3).put("timestamp", 1.5e12);
      case "too-many" -> {
        for (int i = 0; i < 501; i++) {
          events.add(TestObjects.incremental(System.currentTimeMillis() - 1000));
        }
      }
      default -> {}
    }
    return TestObjects.bytes(b);
  }

  static byte[] replace(byte[] all, byte[] what, byte[] with) {
    String s = new String(all, StandardCharsets.ISO_8859_1);
    int at = s.indexOf(new String(what, StandardCharsets.ISO_8859_1));
    byte[] out = new byte[all.length - what.length + with.length];
    System.arraycopy(all, 0, out, 0, at);
    System.arraycopy(with, 0, out, at, with.length);
    System.arraycopy(all, at + what.length, out, at + with.length, all.length - at - what.length);
    return out;
  }
}
