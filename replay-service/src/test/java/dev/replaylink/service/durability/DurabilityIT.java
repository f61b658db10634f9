package dev.replaylink.service.durability;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.Http;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * No acknowledged data is lost and retries never duplicate: sustained ingest into the packaged
 * service, SIGKILL mid-stream, restart, client retries — on the embedded H2 file database and on
 * PostgreSQL; and two instances sharing one PostgreSQL.
 */
class DurabilityIT {
  static final Path LOGS = Paths.get("target/durability-logs");
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

  /** One batch = one track marker named after its key, so stored batches can be counted exactly. */
  static ObjectNode batch(String session, int seq) {
    long now = System.currentTimeMillis();
    List<ObjectNode> events = new ArrayList<>();
    if (seq == 0) {
      events.add(TestObjects.meta(now - 20, "https://shop.example.com/"));
      events.add(TestObjects.fullSnapshot(now - 19));
    }
    events.add(TestObjects.incremental(now - 10));
    events.add(TestObjects.custom(now - 5, "track", TestObjects.JSON.createObjectNode().put("name", "batch-" + seq)));
    ObjectNode b = TestObjects.batch(session, "window-" + session, seq, events);
    b.put("sentAt", now);
    return b;
  }

  /** Sends batches in order until stopped; remembers what was acknowledged and what must be retried. */
  static final class Client implements Runnable {
    final String session = "dur-" + UUID.randomUUID();
    final List<Integer> acknowledged = Collections.synchronizedList(new ArrayList<>());
    final Set<Integer> unacknowledged = Collections.synchronizedSet(new LinkedHashSet<>());
    final AtomicBoolean running = new AtomicBoolean(true);
    volatile Http http;
    int next;

    Client(String url) {
      this.http = new Http(url);
    }

    @Override
    public void run() {
      while (running.get()) {
        send(next++);
      }
    }

    void send(int seq) {
      try {
        HttpResponse<String> r = http.ingest(TestObjects.bytes(batch(session, seq)), true, INGEST_KEY);
        if (r.statusCode() == 200) {
          acknowledged.add(seq);
          unacknowledged.remove(seq);
          return;
        }
        throw new AssertionError("refused: " + r.statusCode() + " " + r.body());
      } catch (java.io.UncheckedIOException e) {
        unacknowledged.add(seq);
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** After the restart: retry everything not acknowledged, plus a few acknowledged ones (duplicates). */
    void retryAll() {
      for (Integer seq : new ArrayList<>(unacknowledged)) {
        send(seq);
      }
      List<Integer> some = new ArrayList<>(acknowledged.subList(Math.max(0, acknowledged.size() - 5), acknowledged.size()));
      for (Integer seq : some) {
        HttpResponse<String> r = http.ingest(TestObjects.bytes(batch(session, seq)), true, INGEST_KEY);
        assertEquals(200, r.statusCode());
        assertTrue(Http.json(r).get("duplicate").asBoolean(), "a retry of an acknowledged batch is a duplicate");
      }
    }
  }

  static void assertStoredExactlyOnce(Http http, Client client, int sent) {
    JsonNode detail = Http.json(http.get("/api/v1/sessions/" + client.session, ADMIN_TOKEN));
    List<String> names = new ArrayList<>();
    detail.get("markers").forEach(m -> {
      if (m.get("kind").asText().equals("track")) {
        names.add(m.get("label").asText());
      }
    });
    Set<String> unique = new LinkedHashSet<>(names);
    assertEquals(unique.size(), names.size(), "no batch stored twice");
    for (Integer seq : client.acknowledged) {
      assertTrue(unique.contains("batch-" + seq), "acknowledged batch " + seq + " was lost");
    }
    assertEquals(sent, unique.size(), "every batch sent was stored once in the end");
    assertEquals(sent * 2L + 2, detail.get("eventCount").asLong());
  }

  void killMidStreamAndRestart(Map<String, String> props, String name) throws Exception {
    int port = ServiceProcess.freePort();
    Path log = LOGS.resolve(name + ".log");
    ServiceProcess first = new ServiceProcess(port, props, log).start();
    Client client = new Client(first.url());
    Thread sender = new Thread(client, "durability-client");
    try {
      sender.start();
      long deadline = System.currentTimeMillis() + 60_000;
      while (client.acknowledged.size() < 40 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      int beforeKill = client.acknowledged.size();
      first.kill();
      Thread.sleep(300);
      client.running.set(false);
      sender.join(10_000);
      assertTrue(beforeKill > 20, "sustained ingest before the kill: " + beforeKill);
      try (ServiceProcess second = new ServiceProcess(port, props, log).start()) {
        client.retryAll();
        assertTrue(client.unacknowledged.isEmpty(), "all retried batches acknowledged: " + client.unacknowledged);
        for (int i = 0; i < 5; i++) {
          client.send(client.next++);
        }
        assertStoredExactlyOnce(new Http(second.url()), client, client.next);
      }
    } finally {
      client.running.set(false);
      first.close();
    }
  }

  @Test
  void h2FileSurvivesSigkillWithoutLosingOrDuplicatingAcknowledgedBatches() throws Exception {
    Path dir = Files.createTempDirectory("replaylink-durability");
    killMidStreamAndRestart(Map.of("datasources.default.url", "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"), "h2");
  }

  @Test
  void postgresSurvivesSigkillWithoutLosingOrDuplicatingAcknowledgedBatches() throws Exception {
    String db = freshDatabase();
    killMidStreamAndRestart(Map.of("datasources.default.url", PG + db, "datasources.default.username", "postgres",
        "datasources.default.password", ""), "postgres");
  }

  @Test
  void twoInstancesOnOnePostgresKeepIdempotency() throws Exception {
    String db = freshDatabase();
    Map<String, String> props = Map.of("datasources.default.url", PG + db, "datasources.default.username", "postgres",
        "datasources.default.password", "");
    try (ServiceProcess a = new ServiceProcess(ServiceProcess.freePort(), props, LOGS.resolve("instance-a.log")).start();
        ServiceProcess b = new ServiceProcess(ServiceProcess.freePort(), props, LOGS.resolve("instance-b.log")).start()) {
      Http ha = new Http(a.url());
      Http hb = new Http(b.url());
      String session = "two-" + UUID.randomUUID();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      int stored = 0;
      try {
        for (int seq = 0; seq < 40; seq++) {
          byte[] body = TestObjects.bytes(batch(session, seq));
          List<Future<HttpResponse<String>>> both = List.of(
              pool.submit(() -> ha.ingest(body, true, INGEST_KEY)), pool.submit(() -> hb.ingest(body, true, INGEST_KEY)),
              pool.submit(() -> ha.ingest(body, false, INGEST_KEY)), pool.submit(() -> hb.ingest(body, false, INGEST_KEY)));
          int fresh = 0;
          for (Future<HttpResponse<String>> f : both) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.body());
            fresh += Http.json(r).get("duplicate").asBoolean() ? 0 : 1;
          }
          assertEquals(1, fresh, "exactly one instance stored batch " + seq);
          stored++;
        }
      } finally {
        pool.shutdownNow();
      }
      JsonNode viaA = Http.json(ha.get("/api/v1/sessions/" + session, ADMIN_TOKEN));
      JsonNode viaB = Http.json(hb.get("/api/v1/sessions/" + session, ADMIN_TOKEN));
      assertEquals(stored * 2L + 2, viaA.get("eventCount").asLong());
      assertEquals(viaA.get("eventCount"), viaB.get("eventCount"));
      assertEquals(stored, viaB.get("markers").size());
    }
  }

  static String freshDatabase() throws Exception {
    String db = "rl_durability_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    return db;
  }
}
