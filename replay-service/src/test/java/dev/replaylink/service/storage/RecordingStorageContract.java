package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.FIXTURE_TRACE_ID;
import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.network;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage contract: every backend (H2, PostgreSQL) runs these same assertions against a fresh
 * schema migrated by the shipped Flyway migrations.
 */
abstract class RecordingStorageContract {
  static final String PROJECT = "shop";
  static final String OTHER = "other";

  RecordingWriter writer;
  RecordingReader reader;

  /** A data source on an empty database or schema, unique to this run. */
  abstract DataSource dataSource();

  static void migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
  }

  @BeforeEach
  void setUp() {
    JdbcStorage storage = JdbcStorage.create(dataSource());
    writer = storage.writer();
    reader = storage.reader();
  }

  /** Meta+FullSnapshot at t, then incrementals each second, 3 per batch. */
  static List<ObjectNode> recording(long t, int seconds) {
    List<ObjectNode> events = new ArrayList<>();
    events.add(meta(t, "https://shop.example.com/"));
    events.add(fullSnapshot(t + 1));
    for (int i = 1; i <= seconds; i++) {
      events.add(incremental(t + i * 1000L));
    }
    return events;
  }

  @Test
  void storedBatchIsReadBackWithSessionSummary() {
    String session = randomId("s");
    List<ObjectNode> events = recording(T0, 3);
    WriteResult result = writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, events)));
    assertEquals(new WriteResult(5, false), result);

    SessionSummary s = reader.session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(T0, s.startedAt());
    assertEquals(T0 + 3000, s.endedAt());
    assertEquals(5, s.eventCount());
    assertEquals("https://shop.example.com/", s.entryUrl());
    EventSlice slice = reader.events(PROJECT, session, null).orElseThrow();
    assertEquals(5, slice.events().size());
    assertEquals(T0 + 3000, slice.lastTimestamp());
  }

  @Test
  void retryOfSameBatchIsNotStoredTwice() {
    String session = randomId("s");
    ObjectNode b = batch(session, "w-window-1", 0, recording(T0, 2));
    writer.writeBatch(indexed(PROJECT, b));
    WriteResult retry = writer.writeBatch(indexed(PROJECT, b));
    assertEquals(new WriteResult(0, true), retry);
    assertEquals(4, reader.session(Set.of(PROJECT), session).orElseThrow().eventCount());
    assertEquals(4, reader.events(PROJECT, session, null).orElseThrow().events().size());
  }

  @Test
  void concurrentRetriesStoreOnce() throws Exception {
    String session = randomId("s");
    ObjectNode b = batch(session, "w-window-1", 7, recording(T0, 2));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<WriteResult>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> writer.writeBatch(indexed(PROJECT, b))));
      }
      int stored = 0;
      for (Future<WriteResult> f : results) {
        stored += f.get().duplicate() ? 0 : 1;
      }
      assertEquals(1, stored);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(4, reader.events(PROJECT, session, null).orElseThrow().events().size());
  }

  @Test
  void eventsStartAtLastFullSnapshotAtOrBeforeFrom() {
    String session = randomId("s");
    String window = "w-window-1";
    writer.writeBatch(indexed(PROJECT, batch(session, window, 0, recording(T0, 4))));
    // second batch: two incrementals, then a checkout at T0+10s, then more
    List<ObjectNode> second = new ArrayList<>(List.of(incremental(T0 + 8000), incremental(T0 + 9000)));
    second.addAll(recording(T0 + 10_000, 3));
    writer.writeBatch(indexed(PROJECT, batch(session, window, 1, second)));

    EventSlice atEleven = reader.events(PROJECT, session, T0 + 11_000).orElseThrow();
    JsonNode first = parse(atEleven.events().get(0));
    assertEquals(4, first.get("type").asInt());
    assertEquals(T0 + 10_000, first.get("timestamp").asLong());
    assertEquals(5, atEleven.events().size());

    EventSlice atNine = reader.events(PROJECT, session, T0 + 9_000).orElseThrow();
    assertEquals(T0, parse(atNine.events().get(0)).get("timestamp").asLong());
    assertEquals(13, atNine.events().size());

    EventSlice beforeStart = reader.events(PROJECT, session, T0 - 60_000).orElseThrow();
    assertEquals(T0, parse(beforeStart.events().get(0)).get("timestamp").asLong());
  }

  @Test
  void eventsAreInOrderAcrossBatches() {
    String session = randomId("s");
    List<ObjectNode> all = recording(T0, 12);
    for (int i = 0; i * 4 < all.size(); i++) {
      writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", i, all.subList(i * 4, Math.min(all.size(), i * 4 + 4)))));
    }
    List<String> events = reader.events(PROJECT, session, null).orElseThrow().events();
    assertEquals(all.size(), events.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(all.get(i).get("timestamp").asLong(), parse(events.get(i)).get("timestamp").asLong());
    }
  }

  @Test
  void traceLinkFromNetworkEventFindsSession() {
    String session = randomId("s");
    List<ObjectNode> events = recording(T0, 2);
    events.add(network(T0 + 2500, 500, FIXTURE_TRACE_ID));
    writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, events)));

    List<TraceLink> links = reader.traceLinks(Set.of(PROJECT), FIXTURE_TRACE_ID);
    assertEquals(1, links.size());
    assertEquals(session, links.get(0).sessionId());
    assertEquals(T0 + 2500, links.get(0).timestamp());
    SessionPage page = reader.searchSessions(query(Set.of(PROJECT), FIXTURE_TRACE_ID, null, null));
    assertEquals(List.of(session), ids(page));
    assertTrue(reader.traceLinks(Set.of(OTHER), FIXTURE_TRACE_ID).isEmpty(), "trace links are scoped to projects");

    List<Marker> markers = reader.markers(PROJECT, session);
    assertEquals(1, markers.size());
    assertEquals("network", markers.get(0).kind());
    assertEquals(FIXTURE_TRACE_ID, markers.get(0).traceId());
  }

  @Test
  void backendTraceLinksAreDeduplicated() {
    String session = randomId("s");
    String trace = "0af7651916cd43dd8448eb211c80319c";
    TraceLink link = new TraceLink(trace, session, T0 + 10, "otlp");
    assertEquals(1, writer.addTraceLinks(PROJECT, List.of(link, link)));
    assertEquals(0, writer.addTraceLinks(PROJECT, List.of(link)));
    writer.addTraceLinks(PROJECT, List.of(new TraceLink(trace, session, T0 + 5, "otlp")));
    List<TraceLink> links = reader.traceLinks(Set.of(PROJECT), trace);
    assertEquals(1, links.size(), "one entry per session");
    assertEquals(T0 + 5, links.get(0).timestamp(), "earliest moment");
  }

  @Test
  void backendMarkersAreIdempotentAndCountAsErrors() {
    String session = randomId("s");
    writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, recording(T0, 2))));
    Marker m = new Marker(session, T0 + 1500, "backend-error", "IllegalStateException: boom", null, "https://sentry.example/x", "sentry:abc");
    assertEquals(1, writer.addMarkers(PROJECT, List.of(m)));
    assertEquals(0, writer.addMarkers(PROJECT, List.of(m)));
    assertEquals(1, reader.session(Set.of(PROJECT), session).orElseThrow().errorCount());
    List<Marker> markers = reader.markers(PROJECT, session);
    assertEquals(1, markers.size());
    assertEquals("https://sentry.example/x", markers.get(0).link());
  }

  @Test
  void backendErrorBeforeRecordingCreatesSessionThatRecordingExtends() {
    String session = randomId("s");
    writer.addMarkers(PROJECT, List.of(new Marker(session, T0 + 1500, "backend-error", "boom", null, null, "otlp:1")));
    writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, recording(T0, 2))));
    SessionSummary s = reader.session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(T0, s.startedAt());
    assertEquals(1, s.errorCount());
    assertEquals(4, s.eventCount());
  }

  @Test
  void searchFiltersAndPagesNewestFirst() {
    String user = randomId("user");
    List<String> created = new ArrayList<>();
    long base = T0 + 1_000_000_000L + (long) (Math.random() * 1_000_000);
    for (int i = 0; i < 5; i++) {
      String session = randomId("s" + i);
      created.add(session);
      ObjectNode b = batch(session, "w-window-1", 0, recording(base + i * 60_000L, 1));
      b.putObject("user").put("id", user);
      if (i % 2 == 0) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("events")).add(
            custom(base + i * 60_000L + 500, "error", TestObjects.JSON.createObjectNode().put("type", "TypeError").put("message", "x")));
      }
      writer.writeBatch(indexed(PROJECT, b));
    }
    SessionQuery byUser = new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, null);
    SessionPage p1 = reader.searchSessions(byUser);
    assertEquals(List.of(created.get(4), created.get(3)), ids(p1));
    SessionPage p2 = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, p1.next()));
    assertEquals(List.of(created.get(2), created.get(1)), ids(p2));
    SessionPage p3 = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, p2.next()));
    assertEquals(List.of(created.get(0)), ids(p3));
    assertEquals(null, p3.next());

    SessionPage errors = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, true, null, null, 50, null));
    assertEquals(List.of(created.get(4), created.get(2), created.get(0)), ids(errors));
    SessionPage noErrors = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, false, null, null, 50, null));
    assertEquals(List.of(created.get(3), created.get(1)), ids(noErrors));
    SessionPage window = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, null,
        base + 60_000L, base + 2 * 60_000L + 10, 50, null));
    assertEquals(List.of(created.get(2), created.get(1)), ids(window));
    assertTrue(reader.searchSessions(new SessionQuery(Set.of(OTHER), null, user, null, null, null, 50, null)).sessions().isEmpty());
  }

  @Test
  void deleteSessionRemovesEventsMarkersAndTraceLinks() {
    String session = randomId("s");
    List<ObjectNode> events = recording(T0, 2);
    events.add(network(T0 + 2500, 502, "1af7651916cd43dd8448eb211c80319c"));
    writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, events)));
    assertTrue(writer.deleteSession(PROJECT, session));
    assertTrue(reader.session(Set.of(PROJECT), session).isEmpty());
    assertTrue(reader.events(PROJECT, session, null).isEmpty());
    assertTrue(reader.markers(PROJECT, session).isEmpty());
    assertTrue(reader.traceLinks(Set.of(PROJECT), "1af7651916cd43dd8448eb211c80319c").isEmpty());
    assertFalse(writer.deleteSession(PROJECT, session));
  }

  @Test
  void deleteUserSessionsRemovesOnlyThatUsersSessionsInTheGivenProjects() {
    String user = randomId("user");
    String mine = randomId("s");
    String mineElsewhere = randomId("s");
    String someoneElse = randomId("s");
    ObjectNode b1 = batch(mine, "w-window-1", 0, recording(T0, 1));
    b1.putObject("user").put("id", user);
    ObjectNode b2 = batch(mineElsewhere, "w-window-1", 0, recording(T0, 1));
    b2.putObject("user").put("id", user);
    writer.writeBatch(indexed(PROJECT, b1));
    writer.writeBatch(indexed(OTHER, b2));
    writer.writeBatch(indexed(PROJECT, batch(someoneElse, "w-window-1", 0, recording(T0, 1))));
    assertEquals(1, writer.deleteUserSessions(List.of(PROJECT), user));
    assertTrue(reader.session(Set.of(PROJECT), mine).isEmpty());
    assertTrue(reader.session(Set.of(OTHER), mineElsewhere).isPresent());
    assertTrue(reader.session(Set.of(PROJECT), someoneElse).isPresent());
  }

  @Test
  void purgeRemovesSessionsEndedBeforeCutoffInBoundedBatches() {
    String project = randomId("p").substring(0, 30);
    String old1 = randomId("s");
    String old2 = randomId("s");
    String fresh = randomId("s");
    writer.writeBatch(indexed(project, batch(old1, "w-window-1", 0, recording(T0, 1))));
    writer.writeBatch(indexed(project, batch(old2, "w-window-1", 0, recording(T0 + 10, 1))));
    writer.writeBatch(indexed(project, batch(fresh, "w-window-1", 0, recording(T0 + 100_000, 1))));
    assertEquals(1, writer.purgeEndedBefore(project, T0 + 50_000, 1));
    assertEquals(1, writer.purgeEndedBefore(project, T0 + 50_000, 1));
    assertEquals(0, writer.purgeEndedBefore(project, T0 + 50_000, 1));
    assertTrue(reader.session(Set.of(project), old1).isEmpty());
    assertTrue(reader.session(Set.of(project), old2).isEmpty());
    assertTrue(reader.session(Set.of(project), fresh).isPresent());
  }

  @Test
  void jobLeaseIsHeldByOneInstanceAtATime() throws Exception {
    JobLease lease = new JobLease(dataSource());
    String job = randomId("job").substring(0, 40);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Boolean>> tries = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String owner = "instance-" + i;
        tries.add(pool.submit(() -> lease.tryAcquire(job, owner, java.time.Duration.ofMinutes(5))));
      }
      int holders = 0;
      for (Future<Boolean> f : tries) {
        holders += f.get() ? 1 : 0;
      }
      assertEquals(1, holders, "exactly one instance holds the lease");
    } finally {
      pool.shutdownNow();
    }
    String other = randomId("job").substring(0, 40);
    assertTrue(lease.tryAcquire(other, "a", java.time.Duration.ofMinutes(5)));
    assertFalse(lease.tryAcquire(other, "b", java.time.Duration.ofMinutes(5)));
    assertTrue(lease.tryAcquire(other, "a", java.time.Duration.ofMinutes(5)), "the holder renews");
    lease.release(other, "a");
    assertTrue(lease.tryAcquire(other, "b", java.time.Duration.ofMillis(1)));
    Thread.sleep(5);
    assertTrue(lease.tryAcquire(other, "c", java.time.Duration.ofMinutes(5)), "an expired lease is free");
  }

  static SessionQuery query(Set<String> projects, String traceId, String userId, Boolean hasError) {
    return new SessionQuery(projects, traceId, userId, hasError, null, null, 50, null);
  }

  static List<String> ids(SessionPage page) {
    return page.sessions().stream().map(SessionSummary::sessionId).toList();
  }

  static JsonNode parse(String json) {
    try {
      return TestObjects.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
