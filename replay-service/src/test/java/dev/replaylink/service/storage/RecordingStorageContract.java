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
import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.model.EventSlice;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.PageState;
import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.model.WindowPage;
import dev.replaylink.service.model.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  void frustrationSignalsAreCountedOnTheSession() {
    String session = randomId("s");
    List<ObjectNode> events = recording(T0, 3);
    ObjectNode click = TestObjects.JSON.createObjectNode().put("x", 5).put("y", 6).put("selector", "button#pay");
    events.add(custom(T0 + 1100, "rage-click", click));
    events.add(custom(T0 + 1200, "rage-click", click));
    events.add(custom(T0 + 1300, "dead-click", click));
    events.add(custom(T0 + 1400, "error-click", click));
    writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, events)));
    writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 1, List.of(custom(T0 + 5000, "dead-click", click)))));

    SessionSummary s = reader.session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(2, s.rageClickCount());
    assertEquals(2, s.deadClickCount());
    assertEquals(List.of("rage-click", "rage-click", "dead-click", "error-click", "dead-click"),
        reader.markers(PROJECT, session).stream().map(Marker::kind).toList());
  }

  @Test
  void clientSendTimeAndReceiveTimeAreKeptPerBatch() throws SQLException {
    String session = randomId("s");
    ObjectNode b = batch(session, "w-window-1", 3, recording(T0, 2));
    long sentAt = T0 - 7_200_000L;
    b.put("sentAt", sentAt);
    IndexedBatch indexed = indexed(PROJECT, b);
    writer.writeBatch(indexed);
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT sent_at, received_at, event_count FROM rl_batches WHERE project = ? AND session_id = ? AND window_id = ? AND seq = ?")) {
      ps.setString(1, PROJECT);
      ps.setString(2, session);
      ps.setString(3, "w-window-1");
      ps.setLong(4, 3);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the batch key is stored");
        assertEquals(sentAt, rs.getLong(1), "the client's clock");
        assertEquals(indexed.receivedAt(), rs.getLong(2), "the service's clock");
        assertEquals(4, rs.getInt(3));
      }
    }
  }

  /** Indexes a batch as ingest does, continuing from the window's page as stored. */
  IndexedBatch continuing(String project, ObjectNode batch) {
    return indexed(project, batch, writer.windowPage(project, batch.get("sessionId").asText(), batch.get("windowId").asText()));
  }

  static ObjectNode url(String url) {
    return TestObjects.JSON.createObjectNode().put("url", url);
  }

  @Test
  void windowPageIsKeptAcrossBatchesAndTheNewestBatchWins() {
    String session = randomId("s");
    String window = "w-window-1";
    assertEquals(WindowPage.NEW_SESSION, writer.windowPage(PROJECT, session, window));
    writer.writeBatch(continuing(PROJECT, batch(session, window, 0, recording(T0, 1))));
    WindowPage afterFirst = writer.windowPage(PROJECT, session, window);
    assertEquals(new PageState(0, PageState.keyOf("https://shop.example.com/"), false), afterFirst.current());
    assertTrue(afterFirst.sessionHasEntryPage());
    assertEquals(new WindowPage(null, true), writer.windowPage(PROJECT, session, "w-window-2"), "another tab of the same session");

    writer.writeBatch(continuing(PROJECT, batch(session, window, 1, List.of(incremental(T0 + 2000)))));
    assertEquals(afterFirst, writer.windowPage(PROJECT, session, window), "a batch that starts no page changes nothing");

    writer.writeBatch(continuing(PROJECT, batch(session, window, 3, List.of(custom(T0 + 4000, "navigation", url("https://shop.example.com/c"))))));
    // seq 2 arrives late (a retry): it does not override the page of the later batch
    writer.writeBatch(indexed(PROJECT, batch(session, window, 2, List.of(custom(T0 + 3000, "navigation", url("https://shop.example.com/b")))),
        afterFirst));
    assertEquals(new PageState(3, PageState.keyOf("https://shop.example.com/c"), false), writer.windowPage(PROJECT, session, window).current());

    assertTrue(writer.deleteSession(PROJECT, session));
    assertEquals(WindowPage.NEW_SESSION, writer.windowPage(PROJECT, session, window));
  }

  @Test
  void pageLoadsCountAsVisitedPagesOnceAndPeriodicCheckoutsDoNot() {
    String project = randomId("p").substring(0, 30);
    String session = randomId("s");
    String w1 = "w-window-1";
    String shop = "https://shop.example.com";
    ObjectNode click = TestObjects.JSON.createObjectNode().put("x", 1).put("y", 1).put("selector", "button#buy");
    // entry page A, then a periodic checkout of A in the next batch
    writer.writeBatch(continuing(project, batch(session, w1, 0, recording(T0, 2))));
    List<ObjectNode> checkout = new ArrayList<>(List.of(meta(T0 + 5000, shop + "/"), fullSnapshot(T0 + 5001)));
    checkout.add(custom(T0 + 5500, "rage-click", click));
    writer.writeBatch(continuing(project, batch(session, w1, 1, checkout)));
    // a full page load of B (Meta, FullSnapshot), also announced by a navigation event for the same URL
    writer.writeBatch(continuing(project, batch(session, w1, 2, List.of(meta(T0 + 10_000, shop + "/b-page"), fullSnapshot(T0 + 10_001),
        custom(T0 + 10_002, "navigation", url(shop + "/b-page")), custom(T0 + 10_500, "rage-click", click)))));
    // in-page navigation to C, then a page load of D announced before its Meta
    writer.writeBatch(continuing(project, batch(session, w1, 3, List.of(custom(T0 + 15_000, "navigation", url(shop + "/c-page")),
        custom(T0 + 20_000, "navigation", url(shop + "/d-page")), meta(T0 + 20_001, shop + "/d-page"), fullSnapshot(T0 + 20_002)))));
    // a second tab of the same session opens on E
    writer.writeBatch(continuing(project, batch(session, "w-window-2", 0, List.of(meta(T0 + 25_000, shop + "/e-page"), fullSnapshot(T0 + 25_001)))));

    List<String> visits = reader.markers(project, session).stream().filter(m -> m.kind().equals("navigation")).map(Marker::label).toList();
    assertEquals(List.of(shop + "/b-page", shop + "/c-page", shop + "/d-page", shop + "/e-page"), visits);
    SessionSummary s = reader.session(Set.of(project), session).orElseThrow();
    assertEquals(5, s.pagesVisited(), "entry page A plus B, C, D, E");
    assertEquals(shop + "/", s.entryUrl());
    SessionQuery byUrl = new SessionQuery(Set.of(project), null, null, null, null, null, 10, null, "/b-PAGE", null, null, null,
        SessionQuery.Sort.STARTED_AT);
    assertEquals(List.of(session), ids(reader.searchSessions(byUrl)), "a page reached by a full page load is found by URL");

    List<InsightGroup> frustration = reader.insights(Set.of(project), InsightCategory.FRUSTRATION, T0 - 1000, T0 + 60_000, 10);
    assertEquals(Set.of(shop + "/", shop + "/b-page"), frustration.stream().map(InsightGroup::page).collect(java.util.stream.Collectors.toSet()),
        "each rage click is attributed to the page it happened on");
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
  void searchByTraceIdPagesNewestFirstWithOtherFiltersAndProjectScope() {
    // a few linked sessions (read one by one) and more than JdbcRecordingReader.MAX_TRACE_SESSIONS
    // (joined in the database) must page the same way
    for (int count : new int[] {5, 203}) {
      String trace = String.format("%032x", new java.math.BigInteger(126, new java.util.Random()));
      String user = randomId("user");
      long base = T0 + 3_000_000_000L + (long) (Math.random() * 1_000_000);
      List<String> created = new ArrayList<>();
      List<TraceLink> links = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String session = randomId("t" + i);
        created.add(session);
        ObjectNode b = batch(session, "w-window-1", 0, recording(base + i * 10_000L, 1));
        if (i % 2 == 0) {
          b.putObject("user").put("id", user);
        }
        writer.writeBatch(indexed(PROJECT, b));
        links.add(new TraceLink(trace, session, base + i * 10_000L + 10, "otlp"));
      }
      links.add(new TraceLink(trace, randomId("unrecorded"), base, "otlp")); // linked, but no session row
      writer.addTraceLinks(PROJECT, links);
      writer.addTraceLinks(OTHER, List.of(new TraceLink(trace, randomId("other"), base, "otlp")));

      List<String> newestFirst = new ArrayList<>(created);
      java.util.Collections.reverse(newestFirst);
      List<String> paged = new ArrayList<>();
      SessionQuery.Cursor cursor = null;
      do {
        SessionPage page = reader.searchSessions(new SessionQuery(Set.of(PROJECT), trace, null, null, null, null, 40, cursor));
        assertTrue(page.sessions().size() <= 40);
        paged.addAll(ids(page));
        cursor = page.next();
      } while (cursor != null);
      assertEquals(newestFirst, paged, count + " linked sessions");

      List<String> ofUser = newestFirst.stream().filter(id -> created.indexOf(id) % 2 == 0).toList();
      assertEquals(ofUser.subList(0, 3), ids(reader.searchSessions(new SessionQuery(Set.of(PROJECT), trace, user, null, null, null, 3, null))));
      assertEquals(List.of(created.get(1)), ids(reader.searchSessions(new SessionQuery(Set.of(PROJECT), trace, null, null,
          base + 10_500L, base + 10_500L, 50, null))), "time window");
      assertTrue(reader.searchSessions(new SessionQuery(Set.of("nowhere"), trace, null, null, null, null, 50, null)).sessions().isEmpty());
    }
    assertTrue(reader.searchSessions(query(Set.of(PROJECT), "0".repeat(31) + "1", null, null)).sessions().isEmpty(), "unknown trace");
  }

  @Test
  void timeWindowSearchFindsSessionsStillRunningThatStartedLongBefore() {
    String user = randomId("user");
    long day = 24L * 60 * 60 * 1000;
    long from = T0 + 4_000_000_000L + (long) (Math.random() * 1_000_000);
    String longRunning = randomId("long");
    writer.writeBatch(indexed(PROJECT, withUser(batch(longRunning, "w-window-1", 0, recording(from - 3 * day, 1)), user)));
    writer.writeBatch(indexed(PROJECT, withUser(batch(longRunning, "w-window-1", 1, List.of(incremental(from + 60_000))), user)));
    String before = randomId("before"); // ended before the window
    writer.writeBatch(indexed(PROJECT, withUser(batch(before, "w-window-1", 0, recording(from - 2 * day, 1)), user)));
    List<String> inWindow = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String session = randomId("w" + i);
      inWindow.add(0, session);
      writer.writeBatch(indexed(PROJECT, withUser(batch(session, "w-window-1", 0, recording(from + i * 10_000L, 1)), user)));
    }
    List<String> expected = new ArrayList<>(inWindow);
    expected.add(longRunning);
    // fewer sessions in the window than a page, and more: the long-running session comes last either way
    for (int limit : new int[] {50, 2}) {
      List<String> paged = new ArrayList<>();
      SessionQuery.Cursor cursor = null;
      do {
        SessionPage page = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, null, from, from + day, limit, cursor));
        paged.addAll(ids(page));
        cursor = page.next();
      } while (cursor != null);
      assertEquals(expected, paged, "page size " + limit);
    }
  }

  static ObjectNode withUser(ObjectNode batch, String user) {
    batch.putObject("user").put("id", user);
    return batch;
  }

  @Test
  void searchFiltersByUrlErrorCountFrustrationAndDurationAndSortsByDurationAndErrors() {
    String user = randomId("user");
    long base = T0 + 2_000_000_000L + (long) (Math.random() * 1_000_000);
    // s0: 2 s, 0 errors, rage click, visits /cart; s1: 5 s, 3 errors; s2: 9 s, 1 error, entry on /help
    List<String> ids = List.of(randomId("s0"), randomId("s1"), randomId("s2"));
    List<ObjectNode> e0 = recording(base, 2);
    e0.add(custom(base + 1500, "navigation", TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/Cart?id=1")));
    e0.add(custom(base + 1600, "rage-click", TestObjects.JSON.createObjectNode().put("x", 1).put("y", 2).put("selector", "button#pay")));
    List<ObjectNode> e1 = recording(base + 10_000, 5);
    for (int i = 0; i < 3; i++) {
      e1.add(custom(base + 10_500 + i, "error", TestObjects.JSON.createObjectNode().put("type", "TypeError").put("message", "m" + i)));
    }
    List<ObjectNode> e2 = recording(base + 20_000, 9);
    e2.set(0, meta(base + 20_000, "https://shop.example.com/help_100%"));
    e2.add(custom(base + 20_500, "error", TestObjects.JSON.createObjectNode().put("type", "Error").put("message", "x")));
    List<List<ObjectNode>> all = List.of(e0, e1, e2);
    for (int i = 0; i < 3; i++) {
      ObjectNode b = batch(ids.get(i), "w-window-1", 0, all.get(i));
      b.putObject("user").put("id", user);
      writer.writeBatch(indexed(PROJECT, b));
    }
    assertEquals(2, reader.session(Set.of(PROJECT), ids.get(0)).orElseThrow().pagesVisited(), "entry page plus one navigation");
    assertEquals(1, reader.session(Set.of(PROJECT), ids.get(1)).orElseThrow().pagesVisited());

    assertEquals(List.of(ids.get(0)), ids(reader.searchSessions(search(user, "/cart", null, null, null, null))), "visited page, any case");
    assertEquals(List.of(ids.get(2)), ids(reader.searchSessions(search(user, "help_100%", null, null, null, null))), "% and _ are literal");
    assertTrue(reader.searchSessions(search(user, "help__", null, null, null, null)).sessions().isEmpty());
    assertEquals(List.of(ids.get(1)), ids(reader.searchSessions(search(user, null, 2L, null, null, null))));
    assertEquals(List.of(ids.get(0)), ids(reader.searchSessions(search(user, null, null, true, null, null))));
    assertEquals(List.of(ids.get(2), ids.get(1)), ids(reader.searchSessions(search(user, null, null, false, null, null))));
    assertEquals(List.of(ids.get(2), ids.get(1)), ids(reader.searchSessions(search(user, null, null, null, 5000L, null))));

    assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), ids(reader.searchSessions(search(user, null, null, null, null, SessionQuery.Sort.DURATION))));
    SessionPage byErrors = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, null, null, null, null, null,
        SessionQuery.Sort.ERRORS));
    assertEquals(List.of(ids.get(1), ids.get(2)), ids(byErrors));
    SessionPage rest = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, byErrors.next(), null, null, null,
        null, SessionQuery.Sort.ERRORS));
    assertEquals(List.of(ids.get(0)), ids(rest), "the cursor continues the same order");
  }

  @Test
  void frustrationCountsErrorClicksAndSessionsSortByFrustrationAndPagesEitherWay() {
    String user = randomId("user");
    long base = T0 + 2_500_000_000L + (long) (Math.random() * 1_000_000);
    // s0: 3 pages, one rage click; s1: 1 page, two error clicks (nothing else); s2: 2 pages, no frustration
    List<String> ids = List.of(randomId("s0"), randomId("s1"), randomId("s2"));
    List<ObjectNode> e0 = recording(base, 2);
    e0.add(custom(base + 1100, "navigation", TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/a")));
    e0.add(custom(base + 1200, "navigation", TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/b")));
    e0.add(custom(base + 1600, "rage-click", TestObjects.JSON.createObjectNode().put("x", 1).put("y", 2).put("selector", "button#pay")));
    List<ObjectNode> e1 = recording(base + 10_000, 2);
    for (int i = 0; i < 2; i++) {
      e1.add(custom(base + 10_500 + i * 100, "error-click", TestObjects.JSON.createObjectNode().put("x", 1).put("y", 2).put("selector", "a#buy")));
    }
    List<ObjectNode> e2 = recording(base + 20_000, 2);
    e2.add(custom(base + 20_500, "navigation", TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/c")));
    List<List<ObjectNode>> all = List.of(e0, e1, e2);
    for (int i = 0; i < 3; i++) {
      writer.writeBatch(indexed(PROJECT, withUser(batch(ids.get(i), "w-window-1", 0, all.get(i)), user)));
    }
    SessionSummary s1 = reader.session(Set.of(PROJECT), ids.get(1)).orElseThrow();
    assertEquals(2, s1.errorClickCount());
    assertEquals(2, s1.frustrationCount(), "error clicks are frustration signals");

    assertEquals(List.of(ids.get(1), ids.get(0), ids.get(2)), ids(reader.searchSessions(sorted(user, SessionQuery.Sort.FRUSTRATION, false, null))));
    assertEquals(List.of(ids.get(2), ids.get(0), ids.get(1)), ids(reader.searchSessions(sorted(user, SessionQuery.Sort.FRUSTRATION, true, null))));
    assertEquals(List.of(ids.get(0), ids.get(2), ids.get(1)), ids(reader.searchSessions(sorted(user, SessionQuery.Sort.PAGES, false, null))));
    assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2)), ids(reader.searchSessions(sorted(user, SessionQuery.Sort.STARTED_AT, true, null))),
        "oldest first");
    assertEquals(List.of(ids.get(2), ids.get(0)), ids(reader.searchSessions(sorted(user, SessionQuery.Sort.STARTED_AT, false, 2L))),
        "at least two pages, newest first");
    assertEquals(List.of(ids.get(1), ids.get(0)), ids(reader.searchSessions(search(user, null, null, true, null, null))),
        "a session with only error clicks has frustration");
    assertEquals(List.of(ids.get(2)), ids(reader.searchSessions(search(user, null, null, false, null, null))));

    SessionPage first = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, null, null, null, null, null,
        SessionQuery.Sort.PAGES, null, true));
    assertEquals(List.of(ids.get(1), ids.get(2)), ids(first), "fewest pages first");
    SessionPage rest = reader.searchSessions(new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, first.next(), null, null, null,
        null, SessionQuery.Sort.PAGES, null, true));
    assertEquals(List.of(ids.get(0)), ids(rest), "the cursor continues upwards");
  }

  static SessionQuery sorted(String user, SessionQuery.Sort sort, boolean ascending, Long minPages) {
    return new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 50, null, null, null, null, null, sort, minPages, ascending);
  }

  @Test
  void insightsGroupMarkersAcrossSessionsAndOrderBySessionsAffected() {
    String project = randomId("p").substring(0, 30);
    long base = T0 + 3_000_000_000L;
    long day = 86_400_000L;
    // TypeError in 3 sessions of 2 users (one session twice, one on the next day); RangeError 4 times in 1 session
    String[] users = {"u1", "u2", null};
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String session = randomId("s" + i);
      sessions.add(session);
      long t = base + (i == 2 ? day : i * 60_000L);
      List<ObjectNode> events = recording(t, 3);
      events.add(custom(t + 1000, "error", TestObjects.JSON.createObjectNode().put("type", "TypeError").put("message", "a is undefined")));
      if (i == 0) {
        events.add(custom(t + 1100, "error", TestObjects.JSON.createObjectNode().put("type", "TypeError").put("message", "a is undefined")));
        for (int r = 0; r < 4; r++) {
          events.add(custom(t + 1200 + r, "error", TestObjects.JSON.createObjectNode().put("type", "RangeError").put("message", "too deep")));
        }
        events.add(custom(t + 1500, "navigation", TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/cart")));
        events.add(custom(t + 1600, "rage-click", TestObjects.JSON.createObjectNode().put("x", 1).put("y", 1).put("selector", "button#pay")));
      }
      if (i == 1) {
        events.add(custom(t + 1600, "rage-click", TestObjects.JSON.createObjectNode().put("x", 1).put("y", 1).put("selector", "button#pay")));
      }
      events.add(network(t + 2000, 502, null));
      ObjectNode b = batch(session, "w-window-1", 0, events);
      if (users[i] != null) {
        b.putObject("user").put("id", users[i]);
      }
      writer.writeBatch(indexed(project, b));
    }
    writer.addMarkers(project, List.of(new Marker(sessions.get(1), base + 70_000, "backend-error", "IllegalStateException: boom", null, null,
        "otlp:" + randomId("span"))));
    long from = base - 1000;
    long to = base + 2 * day;

    List<InsightGroup> errors = reader.insights(Set.of(project), InsightCategory.JS_ERRORS, from, to, 10);
    assertEquals(List.of("TypeError: a is undefined", "RangeError: too deep"), errors.stream().map(InsightGroup::key).toList());
    InsightGroup typeError = errors.get(0);
    assertEquals(4, typeError.occurrences());
    assertEquals(3, typeError.sessions());
    assertEquals(2, typeError.users(), "sessions without a user are not counted as users");
    assertEquals(sessions.get(2), typeError.lastSessionId());
    assertEquals(base + day + 1000, typeError.lastSeen());
    assertEquals(2, typeError.daily().size());
    assertEquals(3, typeError.daily().get(0).count());
    assertEquals(1, typeError.daily().get(1).count());
    assertEquals(0, typeError.daily().get(0).dayStart() % day);
    InsightGroup rangeError = errors.get(1);
    assertEquals(4, rangeError.occurrences());
    assertEquals(1, rangeError.sessions());

    List<InsightGroup> endpoints = reader.insights(Set.of(project), InsightCategory.FAILING_ENDPOINTS, from, to, 10);
    assertEquals(1, endpoints.size());
    assertEquals("POST /api/checkout", endpoints.get(0).key());
    assertEquals(3, endpoints.get(0).sessions());

    List<InsightGroup> clicks = reader.insights(Set.of(project), InsightCategory.FRUSTRATION, from, to, 10);
    assertEquals(2, clicks.size(), "the same element on two pages is two targets: " + clicks);
    assertEquals(java.util.Set.of("https://shop.example.com/cart", "https://shop.example.com/"),
        java.util.Set.of(clicks.get(0).page(), clicks.get(1).page()));
    assertTrue(clicks.stream().allMatch(g -> g.key().equals("button#pay") && g.kind().equals("rage-click")));

    List<InsightGroup> backend = reader.insights(Set.of(project), InsightCategory.BACKEND_ERRORS, from, to, 10);
    assertEquals(1, backend.size());
    assertEquals("IllegalStateException: boom", backend.get(0).key());
    assertEquals(sessions.get(1), backend.get(0).lastSessionId());

    assertEquals(1, reader.insights(Set.of(project), InsightCategory.JS_ERRORS, from, to, 1).size(), "limit");
    assertEquals(1, reader.insights(Set.of(project), InsightCategory.JS_ERRORS, base + day, to, 10).size(), "range");
    assertTrue(reader.insights(Set.of(OTHER), InsightCategory.JS_ERRORS, from, to, 10).isEmpty(), "scoped to projects");
  }

  /** Writes a session with events, an error marker and a trace link; returns the trace ID. */
  String writeSessionWithMarkersAndLinks(String project, String session, long t, String userId) {
    String trace = TestObjects.randomTraceId();
    List<ObjectNode> events = recording(t, 2);
    events.add(network(t + 2500, 502, trace));
    ObjectNode b = batch(session, "w-window-1", 0, events);
    if (userId != null) {
      b.putObject("user").put("id", userId);
    }
    assertEquals(5, writer.writeBatch(indexed(project, b)).accepted());
    assertFalse(reader.markers(project, session).isEmpty());
    assertFalse(reader.traceLinks(Set.of(project), trace).isEmpty());
    return trace;
  }

  /** Nothing of the session is left: summary, events, markers, trace links, batch keys. */
  void assertNothingLeft(String project, String session, String trace) {
    assertTrue(reader.session(Set.of(project), session).isEmpty(), "session");
    assertTrue(reader.events(project, session, null).isEmpty(), "events");
    assertTrue(reader.markers(project, session).isEmpty(), "markers");
    assertTrue(reader.traceLinks(Set.of(project), trace).isEmpty(), "trace links");
    assertEquals(0, count("SELECT COUNT(*) FROM rl_batches WHERE project = ? AND session_id = ?", project, session), "batch keys");
    assertEquals(0, count("SELECT COUNT(*) FROM rl_chunks WHERE project = ? AND session_id = ?", project, session), "chunks");
  }

  long count(String sql, String... params) {
    try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deleteSessionRemovesEventsMarkersAndTraceLinks() {
    String session = randomId("s");
    String trace = writeSessionWithMarkersAndLinks(PROJECT, session, T0, null);
    assertTrue(writer.deleteSession(PROJECT, session));
    assertNothingLeft(PROJECT, session, trace);
    assertFalse(writer.deleteSession(PROJECT, session));
  }

  @Test
  void aBatchOfADeletedSessionArrivingLaterStartsItAgain() {
    String session = randomId("s");
    writeSessionWithMarkersAndLinks(PROJECT, session, T0, null);
    assertTrue(writer.deleteSession(PROJECT, session));
    WriteResult again = writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, recording(T0, 1))));
    assertEquals(new WriteResult(3, false), again, "its key was deleted with it");
    assertEquals(3, reader.session(Set.of(PROJECT), session).orElseThrow().eventCount());
  }

  @Test
  void deleteUserSessionsRemovesOnlyThatUsersSessionsInTheGivenProjects() {
    String user = randomId("user");
    String mine = randomId("s");
    String mineToo = randomId("s");
    String mineElsewhere = randomId("s");
    String someoneElse = randomId("s");
    String trace = writeSessionWithMarkersAndLinks(PROJECT, mine, T0, user);
    String trace2 = writeSessionWithMarkersAndLinks(PROJECT, mineToo, T0 + 5000, user);
    writeSessionWithMarkersAndLinks(OTHER, mineElsewhere, T0, user);
    writeSessionWithMarkersAndLinks(PROJECT, someoneElse, T0, null);
    assertEquals(2, writer.deleteUserSessions(List.of(PROJECT), user));
    assertNothingLeft(PROJECT, mine, trace);
    assertNothingLeft(PROJECT, mineToo, trace2);
    assertTrue(reader.session(Set.of(OTHER), mineElsewhere).isPresent());
    assertTrue(reader.session(Set.of(PROJECT), someoneElse).isPresent());
    assertFalse(reader.markers(PROJECT, someoneElse).isEmpty());
  }

  @Test
  void purgeRemovesSessionsEndedBeforeCutoffInBoundedBatches() {
    String project = randomId("p").substring(0, 30);
    String old1 = randomId("s");
    String old2 = randomId("s");
    String fresh = randomId("s");
    String trace1 = writeSessionWithMarkersAndLinks(project, old1, T0, null);
    String trace2 = writeSessionWithMarkersAndLinks(project, old2, T0 + 10, null);
    writeSessionWithMarkersAndLinks(project, fresh, T0 + 100_000, null);
    assertEquals(1, writer.purgeEndedBefore(project, T0 + 50_000, 1));
    assertEquals(1, writer.purgeEndedBefore(project, T0 + 50_000, 1));
    assertEquals(0, writer.purgeEndedBefore(project, T0 + 50_000, 1));
    assertNothingLeft(project, old1, trace1);
    assertNothingLeft(project, old2, trace2);
    assertTrue(reader.session(Set.of(project), fresh).isPresent());
    assertFalse(reader.events(project, fresh, null).isEmpty());
  }

  @Test
  void purgeKeepsASessionExtendedPastTheCutoffAfterItWasSelected() {
    String session = randomId("s");
    writeSessionWithMarkersAndLinks(PROJECT, session, T0, null);
    // selected as expired at cutoff T0 + 10 s, then a late batch extends it to T0 + 60 s
    writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", 1, List.of(incremental(T0 + 60_000)))));
    assertFalse(((JdbcRecordingWriter) writer).purgeSession(PROJECT, session, T0 + 10_000), "checked again under the row lock");
    assertEquals(6, reader.session(Set.of(PROJECT), session).orElseThrow().eventCount());
    assertTrue(((JdbcRecordingWriter) writer).purgeSession(PROJECT, session, T0 + 70_000));
  }

  @Test
  void purgeOfBatchKeysIsBoundedAndKeepsNewerKeys() {
    String project = randomId("p").substring(0, 30);
    String session = randomId("s");
    long received = System.currentTimeMillis();
    for (int seq = 0; seq < 5; seq++) {
      // empty batches leave a key and no session
      writer.writeBatch(indexed(project, batch(session, "w-window-1", seq, List.of())));
    }
    assertEquals(5, count("SELECT COUNT(*) FROM rl_batches WHERE project = ?", project));
    assertEquals(0, writer.purgeBatchKeysBefore(project, received - 60_000, 2), "none is older");
    assertEquals(2, writer.purgeBatchKeysBefore(project, received + 60_000, 2));
    assertEquals(2, writer.purgeBatchKeysBefore(project, received + 60_000, 2));
    assertEquals(1, writer.purgeBatchKeysBefore(project, received + 60_000, 2));
    assertEquals(0, count("SELECT COUNT(*) FROM rl_batches WHERE project = ?", project));
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

  // ---- compaction

  /**
   * {@code checkouts} checkouts 30 s apart, each followed by incrementals every second and a console
   * event now and then, cut into batches of about {@code perBatch} events (so checkouts fall inside
   * batches).
   */
  static List<List<ObjectNode>> longRecording(long t, int checkouts, int perBatch) {
    List<ObjectNode> all = new ArrayList<>();
    for (int k = 0; k < checkouts; k++) {
      long at = t + k * 30_000L;
      all.add(meta(at, "https://shop.example.com/page-" + k));
      all.add(fullSnapshot(at + 1));
      for (int i = 1; i < 30; i++) {
        all.add(i % 7 == 0
            ? custom(at + i * 1000L, "console", TestObjects.JSON.createObjectNode().put("level", "log").put("message", "tick " + k + "/" + i))
            : TestObjects.mouseMove(at + i * 1000L, i * 3, k * 5 + i));
      }
    }
    List<List<ObjectNode>> batches = new ArrayList<>();
    for (int i = 0; i < all.size(); ) {
      int end = Math.min(all.size(), i + perBatch);
      if (end < all.size() && all.get(end - 1).get("type").asInt() == 4) {
        end++; // the recorder sends a checkout's Meta and FullSnapshot together
      }
      batches.add(all.subList(i, end));
      i = end;
    }
    return batches;
  }

  /** What a player gets at each interesting moment: the start, around each checkout, past the end. */
  Map<String, List<String>> readings(String project, String session, List<Long> moments) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put("start", reader.events(project, session, null).orElseThrow().events());
    for (long m : moments) {
      for (long at : List.of(m - 1, m, m + 1, m + 500)) {
        out.put("from " + at, reader.events(project, session, at).orElseThrow().events());
      }
    }
    return out;
  }

  /** Chunk count and payload bytes of a session, as stored. */
  long[] chunkStats(String project, String session) {
    try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(payload)), 0) FROM rl_chunks WHERE project = ? AND session_id = ?")) {
      ps.setString(1, project);
      ps.setString(2, session);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void assertStoredBytesMatchChunks(String project, String session) {
    assertEquals(chunkStats(project, session)[1], reader.session(Set.of(project), session).orElseThrow().storedBytes(),
        "the session's stored_bytes is the sum of its chunk payloads");
  }

  static List<Long> checkoutTimes(long t, int checkouts) {
    List<Long> out = new ArrayList<>();
    for (int k = 0; k < checkouts; k++) {
      out.add(t + k * 30_000L);
    }
    return out;
  }

  @Test
  void compactionKeepsEveryReadingAndSeekPointAndStoresLess() {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 5, 7);
    for (int seq = 0; seq < batches.size(); seq++) {
      writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq))));
    }
    List<Long> checkouts = checkoutTimes(T0, 5);
    Map<String, List<String>> before = readings(PROJECT, session, checkouts);
    long[] statsBefore = chunkStats(PROJECT, session);
    long startingWithCheckout = batches.stream().filter(b -> b.get(0).get("type").asInt() == 4).count();
    assertEquals(batches.size() + 5 - startingWithCheckout, statsBefore[0], "one chunk per batch, plus one per checkout inside a batch");
    assertTrue(statsBefore[0] > 20);
    assertStoredBytesMatchChunks(PROJECT, session);

    RecordingWriter.Compaction c = writer.compact(PROJECT, session, Long.MAX_VALUE);
    assertFalse(c.skipped());
    assertEquals(statsBefore[0], c.chunksBefore());
    assertEquals(5, c.chunksAfter(), "one chunk per checkout");
    assertEquals(statsBefore[1], c.bytesBefore());
    long[] statsAfter = chunkStats(PROJECT, session);
    assertEquals(5, statsAfter[0]);
    assertEquals(c.bytesAfter(), statsAfter[1]);
    assertTrue(statsAfter[1] < statsBefore[1] * 0.8, "stored bytes go down: " + statsBefore[1] + " -> " + statsAfter[1]);
    assertStoredBytesMatchChunks(PROJECT, session);

    assertEquals(before, readings(PROJECT, session, checkouts), "every reading is the same after compaction");
    for (long checkout : checkouts) {
      JsonNode first = parse(reader.events(PROJECT, session, checkout + 10_000).orElseThrow().events().get(0));
      assertEquals(4, first.get("type").asInt());
      assertEquals(checkout, first.get("timestamp").asLong(), "seeking still starts at the checkout before the moment");
    }
    SessionSummary s = reader.session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(batches.stream().mapToInt(List::size).sum(), s.eventCount());
    assertEquals(s.eventCount(), before.get("start").size());
  }

  @Test
  void compactionIsIdempotent() {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 3, 6);
    for (int seq = 0; seq < batches.size(); seq++) {
      writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq))));
    }
    List<Long> checkouts = checkoutTimes(T0, 3);
    Map<String, List<String>> before = readings(PROJECT, session, checkouts);
    RecordingWriter.Compaction first = writer.compact(PROJECT, session, Long.MAX_VALUE);
    long[] afterFirst = chunkStats(PROJECT, session);
    RecordingWriter.Compaction again = writer.compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(new RecordingWriter.Compaction(false, first.chunksAfter(), first.chunksAfter(), first.bytesAfter(), first.bytesAfter(), 0), again);
    assertTrue(java.util.Arrays.equals(afterFirst, chunkStats(PROJECT, session)));
    assertEquals(before, readings(PROJECT, session, checkouts));
    assertStoredBytesMatchChunks(PROJECT, session);
  }

  @Test
  void batchesAfterCompactionAreStoredAndReadInOrderAndRetriesStayDuplicates() {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 4, 9);
    int split = batches.size() - 5;
    for (int seq = 0; seq < split; seq++) {
      writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq))));
    }
    writer.compact(PROJECT, session, Long.MAX_VALUE);
    for (int seq = 0; seq < split; seq++) {
      assertEquals(new WriteResult(0, true), writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq)))),
          "a retry of batch " + seq + " is still a duplicate after compaction");
    }
    for (int seq = split; seq < batches.size(); seq++) {
      assertEquals(batches.get(seq).size(), writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq)))).accepted());
    }
    List<ObjectNode> all = new ArrayList<>();
    batches.forEach(all::addAll);
    List<String> events = reader.events(PROJECT, session, null).orElseThrow().events();
    assertEquals(timestamps(all), timestamps(events), "late batches are read after the merged chunks, in order");
    assertStoredBytesMatchChunks(PROJECT, session);
    assertEquals(all.size(), reader.session(Set.of(PROJECT), session).orElseThrow().eventCount());

    List<Long> checkouts = checkoutTimes(T0, 4);
    Map<String, List<String>> before = readings(PROJECT, session, checkouts);
    writer.compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(4, chunkStats(PROJECT, session)[0], "the late chunks are merged on the next compaction");
    assertEquals(before, readings(PROJECT, session, checkouts));
    assertStoredBytesMatchChunks(PROJECT, session);
  }

  @Test
  void compactionDoesNotMergeOverABatchNotReceivedYet() {
    String session = randomId("s");
    String reference = randomId("ref");
    List<List<ObjectNode>> batches = longRecording(T0, 2, 5);
    int missing = 4;
    for (int seq = 0; seq < batches.size(); seq++) {
      writer.writeBatch(indexed(PROJECT, batch(reference, "w-window-1", seq, batches.get(seq))));
      if (seq != missing) {
        writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq))));
      }
    }
    writer.compact(PROJECT, session, Long.MAX_VALUE);
    writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", missing, batches.get(missing))));
    List<Long> checkouts = checkoutTimes(T0, 2);
    assertEquals(readings(PROJECT, reference, checkouts), readings(PROJECT, session, checkouts),
        "a late batch lands where it belongs, not after the merged chunk");
    writer.compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(2, chunkStats(PROJECT, session)[0]);
    assertEquals(readings(PROJECT, reference, checkouts), readings(PROJECT, session, checkouts));
    assertStoredBytesMatchChunks(PROJECT, session);
  }

  @Test
  void compactionKeepsWindowsApartAndSessionsWithoutCheckoutsReadable() {
    String session = randomId("s");
    List<List<ObjectNode>> tab1 = longRecording(T0, 2, 8);
    List<List<ObjectNode>> tab2 = longRecording(T0 + 15_000, 2, 11);
    for (int seq = 0; seq < Math.max(tab1.size(), tab2.size()); seq++) {
      if (seq < tab1.size()) {
        writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, tab1.get(seq))));
      }
      if (seq < tab2.size()) {
        writer.writeBatch(indexed(PROJECT, batch(session, "w-window-2", seq, tab2.get(seq))));
      }
    }
    String noCheckouts = randomId("s");
    for (int seq = 0; seq < 6; seq++) {
      List<ObjectNode> events = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        events.add(incremental(T0 + seq * 4000L + i * 1000L));
      }
      writer.writeBatch(indexed(PROJECT, batch(noCheckouts, "w-window-1", seq, events)));
    }
    List<Long> moments = new ArrayList<>(checkoutTimes(T0, 2));
    moments.addAll(checkoutTimes(T0 + 15_000, 2));
    Map<String, List<String>> before = readings(PROJECT, session, moments);
    Map<String, List<String>> beforePlain = readings(PROJECT, noCheckouts, List.of(T0, T0 + 10_000));
    assertEquals(4, writer.compact(PROJECT, session, Long.MAX_VALUE).chunksAfter(), "two checkouts in each of two windows");
    assertEquals(1, writer.compact(PROJECT, noCheckouts, Long.MAX_VALUE).chunksAfter());
    assertEquals(before, readings(PROJECT, session, moments));
    assertEquals(beforePlain, readings(PROJECT, noCheckouts, List.of(T0, T0 + 10_000)));
    assertEquals(24, beforePlain.get("start").size());
  }

  @Test
  void onlyQuietSessionsAreDueAndAWriteMakesThemDueAgain() throws Exception {
    String project = randomId("p").substring(0, 30);
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 2, 10);
    for (int seq = 0; seq < batches.size() - 1; seq++) {
      writer.writeBatch(indexed(project, batch(session, "w-window-1", seq, batches.get(seq))));
    }
    long written = System.currentTimeMillis();
    Thread.sleep(5);
    assertFalse(due(written - 60_000).contains(new RecordingWriter.SessionRef(project, session)), "not quiet for a minute yet");
    assertTrue(writer.compact(project, session, written - 60_000).skipped(), "a session written since the cut-off is left alone");
    long quietBefore = System.currentTimeMillis();
    assertTrue(due(quietBefore).contains(new RecordingWriter.SessionRef(project, session)));
    assertFalse(writer.compact(project, session, quietBefore).skipped());
    assertFalse(due(System.currentTimeMillis()).contains(new RecordingWriter.SessionRef(project, session)), "compacted: not due any more");

    writer.addMarkers(project, List.of(new Marker(session, T0 + 500, "backend-error", "boom", null, null, randomId("otlp"))));
    assertFalse(due(System.currentTimeMillis() + 1000).contains(new RecordingWriter.SessionRef(project, session)),
        "a marker adds no chunk");
    writer.writeBatch(indexed(project, batch(session, "w-window-1", batches.size() - 1, batches.get(batches.size() - 1))));
    assertTrue(due(System.currentTimeMillis() + 1000).contains(new RecordingWriter.SessionRef(project, session)), "a new chunk makes it due");
    assertTrue(writer.compact(randomId("p").substring(0, 30), session, Long.MAX_VALUE).skipped(), "unknown session");
  }

  private List<RecordingWriter.SessionRef> due(long quietBefore) {
    return writer.sessionsToCompact(quietBefore, 100_000);
  }

  @Test
  void batchesWrittenDuringCompactionAreNeitherLostNorDuplicated() throws Exception {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 6, 3);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
      Future<Integer> compactions = pool.submit(() -> {
        int n = 0;
        while (writing.get()) {
          writer.compact(PROJECT, session, Long.MAX_VALUE);
          n++;
        }
        return n;
      });
      Future<?> writes = pool.submit(() -> {
        try {
          for (int seq = 0; seq < batches.size(); seq++) {
            writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq))));
            if (seq % 5 == 0) {
              writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq)))); // a retry
            }
          }
        } finally {
          writing.set(false);
        }
      });
      writes.get();
      assertTrue(compactions.get() > 0);
    } finally {
      pool.shutdownNow();
    }
    List<ObjectNode> all = new ArrayList<>();
    batches.forEach(all::addAll);
    assertEquals(timestamps(all), timestamps(reader.events(PROJECT, session, null).orElseThrow().events()));
    assertStoredBytesMatchChunks(PROJECT, session);
    writer.compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(6, chunkStats(PROJECT, session)[0]);
    assertEquals(timestamps(all), timestamps(reader.events(PROJECT, session, null).orElseThrow().events()));
  }

  @Test
  void deletingACompactedSessionRemovesItsChunks() {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 2, 10);
    for (int seq = 0; seq < batches.size(); seq++) {
      writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq))));
    }
    writer.compact(PROJECT, session, Long.MAX_VALUE);
    assertTrue(writer.deleteSession(PROJECT, session));
    assertEquals(0, chunkStats(PROJECT, session)[0]);
  }

  static List<Long> timestamps(List<?> events) {
    List<Long> out = new ArrayList<>();
    for (Object e : events) {
      out.add((e instanceof JsonNode n ? n : parse((String) e)).get("timestamp").asLong());
    }
    return out;
  }

  static SessionQuery search(String user, String urlContains, Long minErrors, Boolean hasFrustration, Long minDurationMs, SessionQuery.Sort sort) {
    return new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 50, null, urlContains, minErrors, hasFrustration, minDurationMs, sort);
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
