package dev.replaylink.service.durability;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.Http;
import dev.replaylink.testsupport.PostgresSchema;
import dev.replaylink.testsupport.S3Server;
import dev.replaylink.testsupport.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * No acknowledged data is lost and retries never duplicate: sustained ingest into the packaged
 * service, SIGKILL mid-stream, restart, client retries — on the embedded H2 file database and on
 * PostgreSQL; and two instances sharing one PostgreSQL.
 */
class DurabilityIT {
  static final Path LOGS = Paths.get("target/durability-logs");

  /** Concurrent clients (browser tabs) sending during the kill. */
  static final int CLIENTS = 4;

  /** One batch = one track marker named after its key, so stored batches can be counted exactly. */
  static ObjectNode batch(String session, int seq) {
    long now = System.currentTimeMillis();
    List<ObjectNode> events = new ArrayList<>();
    if (seq == 0) {
      events.add(TestObjects.meta(now - 20, "https://shop.example.com/"));
      events.add(TestObjects.fullSnapshot(now - 19));
    }
    events.add(TestObjects.incremental(now - 10));
    events.add(
        TestObjects.custom(
            now - 5, "track", TestObjects.JSON.createObjectNode().put("name", "batch-" + seq)));
    ObjectNode b = TestObjects.batch(session, "window-" + session, seq, events);
    b.put("sentAt", now);
    return b;
  }

  /** Batches being sent by all clients right now (read at the kill, for the record). */
  static final AtomicInteger IN_FLIGHT = new AtomicInteger();

  /**
   * One browser tab: sends its session's batches in order until stopped, one at a time, and
   * remembers what was acknowledged and what must be retried.
   */
  static final class Client implements Runnable {
    final String session = "dur-" + UUID.randomUUID();
    final List<Integer> acknowledged = Collections.synchronizedList(new ArrayList<>());
    final Set<Integer> unacknowledged = Collections.synchronizedSet(new LinkedHashSet<>());
    final AtomicBoolean running = new AtomicBoolean(true);
    volatile Http http;
    volatile int next;

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
      IN_FLIGHT.incrementAndGet();
      try {
        HttpResponse<String> r =
            http.ingest(TestObjects.bytes(batch(session, seq)), true, INGEST_KEY);
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
      } finally {
        IN_FLIGHT.decrementAndGet();
      }
    }

    /**
     * After the restart: retry everything not acknowledged, plus a few acknowledged ones
     * (duplicates).
     */
    void retryAll() {
      for (Integer seq : new ArrayList<>(unacknowledged)) {
        send(seq);
      }
      List<Integer> some =
          new ArrayList<>(
              acknowledged.subList(Math.max(0, acknowledged.size() - 5), acknowledged.size()));
      for (Integer seq : some) {
        HttpResponse<String> r =
            http.ingest(TestObjects.bytes(batch(session, seq)), true, INGEST_KEY);
        assertEquals(200, r.statusCode());
        assertTrue(
            Http.json(r).get("duplicate").asBoolean(),
            "a retry of an acknowledged batch is a duplicate");
      }
    }
  }

  static void assertStoredExactlyOnce(Http http, Client client, int sent) {
    JsonNode detail = Http.json(http.get("/api/v1/sessions/" + client.session, ADMIN_TOKEN));
    List<String> names = new ArrayList<>();
    detail
        .get("markers")
        .forEach(
            m -> {
              if (m.get("kind").asText().equals("track")) {
                names.add(m.get("label").asText());
              }
            });
    Set<String> unique = new LinkedHashSet<>(names);
    assertEquals(unique.size(), names.size(), "no batch stored twice in " + client.session);
    for (Integer seq : client.acknowledged) {
      assertTrue(
          unique.contains("batch-" + seq),
          "acknowledged batch " + seq + " of " + client.session + " was lost");
    }
    assertEquals(sent, unique.size(), "every batch sent was stored once in the end");
    assertEquals(sent * 2L + 2, detail.get("eventCount").asLong());
  }

  /**
   * The packaged service on {@code port} with the test project and admin token, rate limits off;
   * {@code workingDirectory} (null: this JVM's) holds the shipped configuration's H2 file.
   */
  static ServiceProcess start(int port, Map<String, String> props, Path log, Path workingDirectory)
      throws Exception {
    return ServiceProcess.builder()
        .port(port)
        .project("shop", INGEST_KEY)
        .adminToken("admin", ADMIN_TOKEN)
        .property("replaylink.ingest.rate-per-key", "0")
        .property("replaylink.ingest.rate-per-session", "0")
        .properties(props)
        .log(log)
        .workingDirectory(workingDirectory)
        .start();
  }

  /**
   * {@link #CLIENTS} clients send concurrently, so that several batches are in flight when the
   * service is killed; after the restart every client retries what was not acknowledged (and a few
   * batches that were), then sends more. Each session then holds every batch exactly once.
   */
  void killMidStreamAndRestart(Map<String, String> props, Path workingDirectory, String name)
      throws Exception {
    killMidStreamAndRestart(props, workingDirectory, name, () -> {});
  }

  /** A check run while the restarted instance is up, after the clients' batches were verified. */
  @FunctionalInterface
  interface AfterRestart {
    void check() throws Exception;
  }

  void killMidStreamAndRestart(
      Map<String, String> props, Path workingDirectory, String name, AfterRestart after)
      throws Exception {
    int port = ServiceProcess.freePort();
    Path log = LOGS.resolve(name + ".log");
    ServiceProcess first = start(port, props, log, workingDirectory);
    List<Client> clients = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Client client = new Client(first.url());
      clients.add(client);
      senders.add(new Thread(client, "durability-client-" + i));
    }
    try {
      senders.forEach(Thread::start);
      long deadline = System.currentTimeMillis() + 180_000;
      while (clients.stream().anyMatch(c -> c.acknowledged.size() < 15)
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      int inFlightAtKill = IN_FLIGHT.get();
      int beforeKill = clients.stream().mapToInt(c -> c.acknowledged.size()).sum();
      first.kill();
      Thread.sleep(300);
      clients.forEach(c -> c.running.set(false));
      for (Thread t : senders) {
        t.join(10_000);
      }
      System.out.printf(
          "%s: %d batches acknowledged, %d in flight at SIGKILL%n",
          name, beforeKill, inFlightAtKill);
      for (Client c : clients) {
        assertTrue(
            c.acknowledged.size() >= 10,
            "sustained ingest by every client before the kill: " + c.acknowledged.size());
      }
      try (ServiceProcess second = start(port, props, log, workingDirectory)) {
        for (Client c : clients) {
          c.retryAll();
          assertTrue(
              c.unacknowledged.isEmpty(), "all retried batches acknowledged: " + c.unacknowledged);
          for (int i = 0; i < 5; i++) {
            c.send(c.next++);
          }
          assertStoredExactlyOnce(new Http(second.url()), c, c.next);
        }
        after.check();
      }
    } finally {
      clients.forEach(c -> c.running.set(false));
      first.close();
    }
  }

  /**
   * The shipped configuration as it is: no database URL given, so the H2 file under ./data of the
   * working directory.
   */
  @Test
  void h2FileSurvivesSigkillWithoutLosingOrDuplicatingAcknowledgedBatches() throws Exception {
    Path dir = Files.createTempDirectory("replaylink-durability");
    try {
      killMidStreamAndRestart(Map.of(), dir, "h2");
      assertTrue(
          Files.exists(dir.resolve("data/replaylink.mv.db")),
          "the shipped default H2 file was used: " + listing(dir));
    } finally {
      deleteRecursively(dir);
    }
  }

  @Test
  void postgresSurvivesSigkillWithoutLosingOrDuplicatingAcknowledgedBatches() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create("rl_durability")) {
      killMidStreamAndRestart(schema.serviceProperties(), null, "postgres");
    }
  }

  /**
   * Recordings in a bucket of S3Proxy, the index in PostgreSQL: SIGKILL during concurrent ingest
   * loses and duplicates nothing; the objects of uploads whose commit the kill prevented are swept.
   */
  @Test
  void postgresWithObjectStoreSurvivesSigkillAndSweepsOrphans() throws Exception {
    S3Server s3 = S3Server.shared();
    String bucket = S3Server.freshBucket();
    try (PostgresSchema schema = PostgresSchema.create("rl_durability")) {
      Map<String, String> props = new HashMap<>(schema.serviceProperties());
      s3.serviceProperties(bucket).forEach((k, v) -> props.put(k, v.toString()));
      props.put("replaylink.storage.recordings.s3.orphan-grace", "15s");
      props.put("replaylink.storage.recordings.s3.sweep-interval", "2s");
      killMidStreamAndRestart(
          props,
          null,
          "postgres-s3",
          () -> {
            long referenced = number(schema, "SELECT COUNT(DISTINCT object_key) FROM rl_chunks");
            long deadline = System.currentTimeMillis() + 90_000;
            while (s3.objectFiles(bucket) != referenced && System.currentTimeMillis() < deadline) {
              Thread.sleep(500);
            }
            assertEquals(
                referenced,
                s3.objectFiles(bucket),
                "every object is pointed at by a chunk once orphans are swept");
            assertTrue(referenced > 0);
          });
    }
  }

  /**
   * Two instances on one PostgreSQL and one bucket: a batch sent to both at once is stored once.
   */
  @Test
  void twoInstancesOnOnePostgresAndOneBucketKeepIdempotency() throws Exception {
    Map<String, String> objects = new HashMap<>();
    S3Server.shared()
        .serviceProperties(S3Server.freshBucket())
        .forEach((k, v) -> objects.put(k, v.toString()));
    twoInstances(objects);
  }

  @Test
  void twoInstancesOnOnePostgresKeepIdempotency() throws Exception {
    twoInstances(Map.of());
  }

  private void twoInstances(Map<String, String> extra) throws Exception {
    try (PostgresSchema schema = PostgresSchema.create("rl_durability");
        ServiceProcess a =
            start(
                ServiceProcess.freePort(),
                with(schema.serviceProperties(), extra),
                LOGS.resolve("instance-a.log"),
                null);
        ServiceProcess b =
            start(
                ServiceProcess.freePort(),
                with(schema.serviceProperties(), extra),
                LOGS.resolve("instance-b.log"),
                null)) {
      Http ha = new Http(a.url());
      Http hb = new Http(b.url());
      String session = "two-" + UUID.randomUUID();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      int stored = 0;
      try {
        for (int seq = 0; seq < 40; seq++) {
          byte[] body = TestObjects.bytes(batch(session, seq));
          List<Future<HttpResponse<String>>> both =
              List.of(
                  pool.submit(() -> ha.ingest(body, true, INGEST_KEY)),
                      pool.submit(() -> hb.ingest(body, true, INGEST_KEY)),
                  pool.submit(() -> ha.ingest(body, false, INGEST_KEY)),
                      pool.submit(() -> hb.ingest(body, false, INGEST_KEY)));
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

  private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new HashMap<>(a);
    out.putAll(b);
    return out;
  }

  private static void deleteRecursively(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String listing(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.map(dir::relativize).map(Path::toString).toList().toString();
    }
  }

  /** One number read from {@code schema} (a count). */
  static long number(PostgresSchema schema, String sql) throws Exception {
    try (Connection c = schema.connect();
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
