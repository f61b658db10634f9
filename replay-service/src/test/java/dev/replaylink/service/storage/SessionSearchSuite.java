package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.TraceLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session search: filters, sorts, pages, trace IDs, project scope. */
public abstract class SessionSearchSuite extends StorageSuite {
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
        ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("events"))
            .add(
                custom(
                    base + i * 60_000L + 500,
                    "error",
                    TestObjects.JSON
                        .createObjectNode()
                        .put("type", "TypeError")
                        .put("message", "x")));
      }
      storage().batches().writeBatch(indexed(PROJECT, b));
    }
    SessionQuery byUser = new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, null);
    SessionPage p1 = storage().sessions().searchSessions(byUser);
    assertEquals(List.of(created.get(4), created.get(3)), ids(p1));
    SessionPage p2 =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, p1.next()));
    assertEquals(List.of(created.get(2), created.get(1)), ids(p2));
    SessionPage p3 =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(Set.of(PROJECT), null, user, null, null, null, 2, p2.next()));
    assertEquals(List.of(created.get(0)), ids(p3));
    assertEquals(null, p3.next());

    SessionPage errors =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(Set.of(PROJECT), null, user, true, null, null, 50, null));
    assertEquals(List.of(created.get(4), created.get(2), created.get(0)), ids(errors));
    SessionPage noErrors =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(Set.of(PROJECT), null, user, false, null, null, 50, null));
    assertEquals(List.of(created.get(3), created.get(1)), ids(noErrors));
    SessionPage window =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(
                    Set.of(PROJECT),
                    null,
                    user,
                    null,
                    base + 60_000L,
                    base + 2 * 60_000L + 10,
                    50,
                    null));
    assertEquals(List.of(created.get(2), created.get(1)), ids(window));
    assertTrue(
        storage()
            .sessions()
            .searchSessions(new SessionQuery(Set.of(OTHER), null, user, null, null, null, 50, null))
            .sessions()
            .isEmpty());
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
        storage().batches().writeBatch(indexed(PROJECT, b));
        links.add(new TraceLink(trace, session, base + i * 10_000L + 10, "otlp"));
      }
      links.add(
          new TraceLink(trace, randomId("unrecorded"), base, "otlp")); // linked, but no session row
      storage().markers().addTraceLinks(PROJECT, links);
      storage()
          .markers()
          .addTraceLinks(OTHER, List.of(new TraceLink(trace, randomId("other"), base, "otlp")));

      List<String> newestFirst = new ArrayList<>(created);
      java.util.Collections.reverse(newestFirst);
      List<String> paged = new ArrayList<>();
      SessionQuery.Cursor cursor = null;
      do {
        SessionPage page =
            storage()
                .sessions()
                .searchSessions(
                    new SessionQuery(Set.of(PROJECT), trace, null, null, null, null, 40, cursor));
        assertTrue(page.sessions().size() <= 40);
        paged.addAll(ids(page));
        cursor = page.next();
      } while (cursor != null);
      assertEquals(newestFirst, paged, count + " linked sessions");

      List<String> ofUser =
          newestFirst.stream().filter(id -> created.indexOf(id) % 2 == 0).toList();
      assertEquals(
          ofUser.subList(0, 3),
          ids(
              storage()
                  .sessions()
                  .searchSessions(
                      new SessionQuery(Set.of(PROJECT), trace, user, null, null, null, 3, null))));
      assertEquals(
          List.of(created.get(1)),
          ids(
              storage()
                  .sessions()
                  .searchSessions(
                      new SessionQuery(
                          Set.of(PROJECT),
                          trace,
                          null,
                          null,
                          base + 10_500L,
                          base + 10_500L,
                          50,
                          null))),
          "time window");
      assertTrue(
          storage()
              .sessions()
              .searchSessions(
                  new SessionQuery(Set.of("nowhere"), trace, null, null, null, null, 50, null))
              .sessions()
              .isEmpty());
    }
    assertTrue(
        storage()
            .sessions()
            .searchSessions(query(Set.of(PROJECT), "0".repeat(31) + "1", null, null))
            .sessions()
            .isEmpty(),
        "unknown trace");
  }

  @Test
  void timeWindowSearchFindsSessionsStillRunningThatStartedLongBefore() {
    String user = randomId("user");
    long day = 24L * 60 * 60 * 1000;
    long from = T0 + 4_000_000_000L + (long) (Math.random() * 1_000_000);
    String longRunning = randomId("long");
    storage()
        .batches()
        .writeBatch(
            indexed(
                PROJECT,
                withUser(batch(longRunning, "w-window-1", 0, recording(from - 3 * day, 1)), user)));
    storage()
        .batches()
        .writeBatch(
            indexed(
                PROJECT,
                withUser(
                    batch(longRunning, "w-window-1", 1, List.of(incremental(from + 60_000))),
                    user)));
    String before = randomId("before"); // ended before the window
    storage()
        .batches()
        .writeBatch(
            indexed(
                PROJECT,
                withUser(batch(before, "w-window-1", 0, recording(from - 2 * day, 1)), user)));
    List<String> inWindow = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String session = randomId("w" + i);
      inWindow.add(0, session);
      storage()
          .batches()
          .writeBatch(
              indexed(
                  PROJECT,
                  withUser(
                      batch(session, "w-window-1", 0, recording(from + i * 10_000L, 1)), user)));
    }
    List<String> expected = new ArrayList<>(inWindow);
    expected.add(longRunning);
    // fewer sessions in the window than a page, and more: the long-running session comes last
    // either way
    for (int limit : new int[] {50, 2}) {
      List<String> paged = new ArrayList<>();
      SessionQuery.Cursor cursor = null;
      do {
        SessionPage page =
            storage()
                .sessions()
                .searchSessions(
                    new SessionQuery(
                        Set.of(PROJECT), null, user, null, from, from + day, limit, cursor));
        paged.addAll(ids(page));
        cursor = page.next();
      } while (cursor != null);
      assertEquals(expected, paged, "page size " + limit);
    }
  }

  @Test
  void searchFiltersByUrlErrorCountFrustrationAndDurationAndSortsByDurationAndErrors() {
    String user = randomId("user");
    long base = T0 + 2_000_000_000L + (long) (Math.random() * 1_000_000);
    // s0: 2 s, 0 errors, rage click, visits /cart; s1: 5 s, 3 errors; s2: 9 s, 1 error, entry on
    // /help
    List<String> ids = List.of(randomId("s0"), randomId("s1"), randomId("s2"));
    List<ObjectNode> e0 = recording(base, 2);
    e0.add(
        custom(
            base + 1500,
            "navigation",
            TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/Cart?id=1")));
    e0.add(
        custom(
            base + 1600,
            "rage-click",
            TestObjects.JSON
                .createObjectNode()
                .put("x", 1)
                .put("y", 2)
                .put("selector", "button#pay")));
    List<ObjectNode> e1 = recording(base + 10_000, 5);
    for (int i = 0; i < 3; i++) {
      e1.add(
          custom(
              base + 10_500 + i,
              "error",
              TestObjects.JSON
                  .createObjectNode()
                  .put("type", "TypeError")
                  .put("message", "m" + i)));
    }
    List<ObjectNode> e2 = recording(base + 20_000, 9);
    e2.set(0, meta(base + 20_000, "https://shop.example.com/help_100%"));
    e2.add(
        custom(
            base + 20_500,
            "error",
            TestObjects.JSON.createObjectNode().put("type", "Error").put("message", "x")));
    List<List<ObjectNode>> all = List.of(e0, e1, e2);
    for (int i = 0; i < 3; i++) {
      ObjectNode b = batch(ids.get(i), "w-window-1", 0, all.get(i));
      b.putObject("user").put("id", user);
      storage().batches().writeBatch(indexed(PROJECT, b));
    }
    assertEquals(
        2,
        storage().sessions().session(Set.of(PROJECT), ids.get(0)).orElseThrow().pagesVisited(),
        "entry page plus one navigation");
    assertEquals(
        1, storage().sessions().session(Set.of(PROJECT), ids.get(1)).orElseThrow().pagesVisited());

    assertEquals(
        List.of(ids.get(0)),
        ids(storage().sessions().searchSessions(search(user, "/cart", null, null, null, null))),
        "visited page, any case");
    assertEquals(
        List.of(ids.get(2)),
        ids(storage().sessions().searchSessions(search(user, "help_100%", null, null, null, null))),
        "% and _ are literal");
    assertTrue(
        storage()
            .sessions()
            .searchSessions(search(user, "help__", null, null, null, null))
            .sessions()
            .isEmpty());
    assertEquals(
        List.of(ids.get(1)),
        ids(storage().sessions().searchSessions(search(user, null, 2L, null, null, null))));
    assertEquals(
        List.of(ids.get(0)),
        ids(storage().sessions().searchSessions(search(user, null, null, true, null, null))));
    assertEquals(
        List.of(ids.get(2), ids.get(1)),
        ids(storage().sessions().searchSessions(search(user, null, null, false, null, null))));
    assertEquals(
        List.of(ids.get(2), ids.get(1)),
        ids(storage().sessions().searchSessions(search(user, null, null, null, 5000L, null))));

    assertEquals(
        List.of(ids.get(2), ids.get(1), ids.get(0)),
        ids(
            storage()
                .sessions()
                .searchSessions(search(user, null, null, null, null, SessionQuery.Sort.DURATION))));
    SessionPage byErrors =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(
                    Set.of(PROJECT),
                    null,
                    user,
                    null,
                    null,
                    null,
                    2,
                    null,
                    null,
                    null,
                    null,
                    null,
                    SessionQuery.Sort.ERRORS));
    assertEquals(List.of(ids.get(1), ids.get(2)), ids(byErrors));
    SessionPage rest =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(
                    Set.of(PROJECT),
                    null,
                    user,
                    null,
                    null,
                    null,
                    2,
                    byErrors.next(),
                    null,
                    null,
                    null,
                    null,
                    SessionQuery.Sort.ERRORS));
    assertEquals(List.of(ids.get(0)), ids(rest), "the cursor continues the same order");
  }

  @Test
  void frustrationCountsErrorClicksAndSessionsSortByFrustrationAndPagesEitherWay() {
    String user = randomId("user");
    long base = T0 + 2_500_000_000L + (long) (Math.random() * 1_000_000);
    // s0: 3 pages, one rage click; s1: 1 page, two error clicks (nothing else); s2: 2 pages, no
    // frustration
    List<String> ids = List.of(randomId("s0"), randomId("s1"), randomId("s2"));
    List<ObjectNode> e0 = recording(base, 2);
    e0.add(
        custom(
            base + 1100,
            "navigation",
            TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/a")));
    e0.add(
        custom(
            base + 1200,
            "navigation",
            TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/b")));
    e0.add(
        custom(
            base + 1600,
            "rage-click",
            TestObjects.JSON
                .createObjectNode()
                .put("x", 1)
                .put("y", 2)
                .put("selector", "button#pay")));
    List<ObjectNode> e1 = recording(base + 10_000, 2);
    for (int i = 0; i < 2; i++) {
      e1.add(
          custom(
              base + 10_500 + i * 100,
              "error-click",
              TestObjects.JSON
                  .createObjectNode()
                  .put("x", 1)
                  .put("y", 2)
                  .put("selector", "a#buy")));
    }
    List<ObjectNode> e2 = recording(base + 20_000, 2);
    e2.add(
        custom(
            base + 20_500,
            "navigation",
            TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/c")));
    List<List<ObjectNode>> all = List.of(e0, e1, e2);
    for (int i = 0; i < 3; i++) {
      storage()
          .batches()
          .writeBatch(
              indexed(PROJECT, withUser(batch(ids.get(i), "w-window-1", 0, all.get(i)), user)));
    }
    SessionSummary s1 = storage().sessions().session(Set.of(PROJECT), ids.get(1)).orElseThrow();
    assertEquals(2, s1.errorClickCount());
    assertEquals(2, s1.frustrationCount(), "error clicks are frustration signals");

    assertEquals(
        List.of(ids.get(1), ids.get(0), ids.get(2)),
        ids(
            storage()
                .sessions()
                .searchSessions(sorted(user, SessionQuery.Sort.FRUSTRATION, false, null))));
    assertEquals(
        List.of(ids.get(2), ids.get(0), ids.get(1)),
        ids(
            storage()
                .sessions()
                .searchSessions(sorted(user, SessionQuery.Sort.FRUSTRATION, true, null))));
    assertEquals(
        List.of(ids.get(0), ids.get(2), ids.get(1)),
        ids(
            storage()
                .sessions()
                .searchSessions(sorted(user, SessionQuery.Sort.PAGES, false, null))));
    assertEquals(
        List.of(ids.get(0), ids.get(1), ids.get(2)),
        ids(
            storage()
                .sessions()
                .searchSessions(sorted(user, SessionQuery.Sort.STARTED_AT, true, null))),
        "oldest first");
    assertEquals(
        List.of(ids.get(2), ids.get(0)),
        ids(
            storage()
                .sessions()
                .searchSessions(sorted(user, SessionQuery.Sort.STARTED_AT, false, 2L))),
        "at least two pages, newest first");
    assertEquals(
        List.of(ids.get(1), ids.get(0)),
        ids(storage().sessions().searchSessions(search(user, null, null, true, null, null))),
        "a session with only error clicks has frustration");
    assertEquals(
        List.of(ids.get(2)),
        ids(storage().sessions().searchSessions(search(user, null, null, false, null, null))));

    SessionPage first =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(
                    Set.of(PROJECT),
                    null,
                    user,
                    null,
                    null,
                    null,
                    2,
                    null,
                    null,
                    null,
                    null,
                    null,
                    SessionQuery.Sort.PAGES,
                    null,
                    true));
    assertEquals(List.of(ids.get(1), ids.get(2)), ids(first), "fewest pages first");
    SessionPage rest =
        storage()
            .sessions()
            .searchSessions(
                new SessionQuery(
                    Set.of(PROJECT),
                    null,
                    user,
                    null,
                    null,
                    null,
                    2,
                    first.next(),
                    null,
                    null,
                    null,
                    null,
                    SessionQuery.Sort.PAGES,
                    null,
                    true));
    assertEquals(List.of(ids.get(0)), ids(rest), "the cursor continues upwards");
  }
}
