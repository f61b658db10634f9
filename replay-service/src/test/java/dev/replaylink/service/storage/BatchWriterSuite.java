package dev.replaylink.service.storage;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.EventSlice;
import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.PageState;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.WindowPage;
import dev.replaylink.service.model.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Recording writes: batches, retries, counters and page states. */
public abstract class BatchWriterSuite extends StorageSuite {
  @Test
  void storedBatchIsReadBackWithSessionSummary() {
    String session = randomId("s");
    List<ObjectNode> events = recording(T0, 3);
    WriteResult result = write(session, "w-window-1", 0, events);
    assertEquals(new WriteResult(5, false), result);

    SessionSummary s = storage().sessions().session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(T0, s.startedAt());
    assertEquals(T0 + 3000, s.endedAt());
    assertEquals(5, s.eventCount());
    assertEquals("https://shop.example.com/", s.entryUrl());
    EventSlice slice = storage().events().events(PROJECT, session, null).orElseThrow();
    assertEquals(5, slice.events().size());
    assertEquals(T0 + 3000, slice.lastTimestamp());
  }

  @Test
  void retryOfSameBatchIsNotStoredTwice() {
    String session = randomId("s");
    ObjectNode b = batch(session, "w-window-1", 0, recording(T0, 2));
    storage().batches().writeBatch(indexed(PROJECT, b));
    WriteResult retry = storage().batches().writeBatch(indexed(PROJECT, b));
    assertEquals(new WriteResult(0, true), retry);
    assertEquals(
        4, storage().sessions().session(Set.of(PROJECT), session).orElseThrow().eventCount());
    assertEquals(
        4, storage().events().events(PROJECT, session, null).orElseThrow().events().size());
  }

  @Test
  void concurrentRetriesStoreOnce() throws Exception {
    String session = randomId("s");
    ObjectNode b = batch(session, "w-window-1", 7, recording(T0, 2));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<WriteResult>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> storage().batches().writeBatch(indexed(PROJECT, b))));
      }
      int stored = 0;
      for (Future<WriteResult> f : results) {
        stored += f.get().duplicate() ? 0 : 1;
      }
      assertEquals(1, stored);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        4, storage().events().events(PROJECT, session, null).orElseThrow().events().size());
  }

  @Test
  void batchesReadAsANewSessionAfterItWasStoredAddToItsRow() {
    // each batch indexed as if nothing were stored yet: the writer's guess is wrong from the second
    String session = randomId("s");
    write(session, "w-window-1", 0, recording(T0, 2));
    write(
        session,
        "w-window-1",
        1,
        List.of(custom(T0 + 3000, "navigation", url("https://shop.example.com/b"))));
    write(session, "w-window-2", 0, List.of(incremental(T0 + 4000)));

    SessionSummary s = storage().sessions().session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(6, s.eventCount());
    assertEquals(T0, s.startedAt());
    assertEquals(T0 + 4000, s.endedAt());
    assertEquals("https://shop.example.com/", s.entryUrl());
    assertEquals(
        new PageState(1, PageState.keyOf("https://shop.example.com/b"), false),
        storage().pageStates().windowPage(PROJECT, session, "w-window-1").current());
    assertTrue(storage().pageStates().windowPage(PROJECT, session, "w-window-2").sessionStored());
  }

  @Test
  void retriedBatchLinksItsTracesOnce() {
    String session = randomId("s");
    String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
    ObjectNode b =
        batch(
            session,
            "w-window-1",
            0,
            List.of(network(T0, 500, traceId), network(T0, 500, traceId)));
    long before = storage().counts().traceLinks();
    storage().batches().writeBatch(indexed(PROJECT, b));
    storage().batches().writeBatch(indexed(PROJECT, b));
    assertEquals(1, storage().counts().traceLinks() - before);
    assertEquals(1, storage().markers().traceLinks(Set.of(PROJECT), traceId).size());
  }

  @Test
  void frustrationSignalsAreCountedOnTheSession() {
    String session = randomId("s");
    List<ObjectNode> events = recording(T0, 3);
    ObjectNode click =
        TestObjects.JSON.createObjectNode().put("x", 5).put("y", 6).put("selector", "button#pay");
    events.add(custom(T0 + 1100, "rage-click", click));
    events.add(custom(T0 + 1200, "rage-click", click));
    events.add(custom(T0 + 1300, "dead-click", click));
    events.add(custom(T0 + 1400, "error-click", click));
    write(session, "w-window-1", 0, events);
    write(session, "w-window-1", 1, List.of(custom(T0 + 5000, "dead-click", click)));

    SessionSummary s = storage().sessions().session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(2, s.rageClickCount());
    assertEquals(2, s.deadClickCount());
    assertEquals(
        List.of("rage-click", "rage-click", "dead-click", "error-click", "dead-click"),
        storage().markers().markers(PROJECT, session).stream().map(Marker::kind).toList());
  }

  @Test
  void windowPageIsKeptAcrossBatchesAndTheNewestBatchWins() {
    String session = randomId("s");
    String window = "w-window-1";
    assertEquals(
        WindowPage.NEW_SESSION, storage().pageStates().windowPage(PROJECT, session, window));
    storage()
        .batches()
        .writeBatch(continuing(PROJECT, batch(session, window, 0, recording(T0, 1))));
    WindowPage afterFirst = storage().pageStates().windowPage(PROJECT, session, window);
    assertEquals(
        new PageState(0, PageState.keyOf("https://shop.example.com/"), false),
        afterFirst.current());
    assertTrue(afterFirst.sessionHasEntryPage());
    assertEquals(
        new WindowPage(null, true),
        storage().pageStates().windowPage(PROJECT, session, "w-window-2"),
        "another tab of the same session");

    storage()
        .batches()
        .writeBatch(
            continuing(PROJECT, batch(session, window, 1, List.of(incremental(T0 + 2000)))));
    assertEquals(
        afterFirst,
        storage().pageStates().windowPage(PROJECT, session, window),
        "a batch that starts no page changes nothing");

    storage()
        .batches()
        .writeBatch(
            continuing(
                PROJECT,
                batch(
                    session,
                    window,
                    3,
                    List.of(custom(T0 + 4000, "navigation", url("https://shop.example.com/c"))))));
    // seq 2 arrives late (a retry): it does not override the page of the later batch
    storage()
        .batches()
        .writeBatch(
            indexed(
                PROJECT,
                batch(
                    session,
                    window,
                    2,
                    List.of(custom(T0 + 3000, "navigation", url("https://shop.example.com/b")))),
                afterFirst));
    assertEquals(
        new PageState(3, PageState.keyOf("https://shop.example.com/c"), false),
        storage().pageStates().windowPage(PROJECT, session, window).current());

    assertTrue(storage().deletion().deleteSession(PROJECT, session));
    assertEquals(
        WindowPage.NEW_SESSION, storage().pageStates().windowPage(PROJECT, session, window));
  }

  @Test
  void pageLoadsCountAsVisitedPagesOnceAndPeriodicCheckoutsDoNot() {
    String project = randomId("p").substring(0, 30);
    String session = randomId("s");
    String w1 = "w-window-1";
    String shop = "https://shop.example.com";
    ObjectNode click =
        TestObjects.JSON.createObjectNode().put("x", 1).put("y", 1).put("selector", "button#buy");
    // entry page A, then a periodic checkout of A in the next batch
    storage().batches().writeBatch(continuing(project, batch(session, w1, 0, recording(T0, 2))));
    List<ObjectNode> checkout =
        new ArrayList<>(List.of(meta(T0 + 5000, shop + "/"), fullSnapshot(T0 + 5001)));
    checkout.add(custom(T0 + 5500, "rage-click", click));
    storage().batches().writeBatch(continuing(project, batch(session, w1, 1, checkout)));
    // a full page load of B (Meta, FullSnapshot), also announced by a navigation event for the same
    // URL
    storage()
        .batches()
        .writeBatch(
            continuing(
                project,
                batch(
                    session,
                    w1,
                    2,
                    List.of(
                        meta(T0 + 10_000, shop + "/b-page"),
                        fullSnapshot(T0 + 10_001),
                        custom(T0 + 10_002, "navigation", url(shop + "/b-page")),
                        custom(T0 + 10_500, "rage-click", click)))));
    // in-page navigation to C, then a page load of D announced before its Meta
    storage()
        .batches()
        .writeBatch(
            continuing(
                project,
                batch(
                    session,
                    w1,
                    3,
                    List.of(
                        custom(T0 + 15_000, "navigation", url(shop + "/c-page")),
                        custom(T0 + 20_000, "navigation", url(shop + "/d-page")),
                        meta(T0 + 20_001, shop + "/d-page"),
                        fullSnapshot(T0 + 20_002)))));
    // a second tab of the same session opens on E
    storage()
        .batches()
        .writeBatch(
            continuing(
                project,
                batch(
                    session,
                    "w-window-2",
                    0,
                    List.of(meta(T0 + 25_000, shop + "/e-page"), fullSnapshot(T0 + 25_001)))));

    List<String> visits =
        storage().markers().markers(project, session).stream()
            .filter(m -> m.kind().equals("navigation"))
            .map(Marker::label)
            .toList();
    assertEquals(
        List.of(shop + "/b-page", shop + "/c-page", shop + "/d-page", shop + "/e-page"), visits);
    SessionSummary s = storage().sessions().session(Set.of(project), session).orElseThrow();
    assertEquals(5, s.pagesVisited(), "entry page A plus B, C, D, E");
    assertEquals(shop + "/", s.entryUrl());
    SessionQuery byUrl =
        new SessionQuery(
            Set.of(project),
            null,
            null,
            null,
            null,
            null,
            10,
            null,
            "/b-PAGE",
            null,
            null,
            null,
            SessionQuery.Sort.STARTED_AT);
    assertEquals(
        List.of(session),
        ids(storage().sessions().searchSessions(byUrl)),
        "a page reached by a full page load is found by URL");

    List<InsightGroup> frustration =
        storage()
            .insights()
            .insights(Set.of(project), InsightCategory.FRUSTRATION, T0 - 1000, T0 + 60_000, 10);
    assertEquals(
        Set.of(shop + "/", shop + "/b-page"),
        frustration.stream().map(InsightGroup::page).collect(java.util.stream.Collectors.toSet()),
        "each rage click is attributed to the page it happened on");
  }
}
