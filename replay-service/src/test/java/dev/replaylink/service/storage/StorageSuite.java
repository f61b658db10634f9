package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionRef;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.WriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every storage suite shares: the backend under test (one {@link StorageComponent} on a fresh
 * database or schema) and the recordings, queries and readings the suites build. Suites test
 * through the store interfaces only, so any backend can be bound to them (see {@link
 * StorageSuites}).
 */
public abstract class StorageSuite {
  protected static final String PROJECT = "shop";
  protected static final String OTHER = "other";

  /** The component under test, on storage unique to this run. */
  protected abstract StorageComponent storage();

  /** Stores a batch of {@code events} of the project's window, indexed as the service does. */
  protected WriteResult write(
      String session, String window, long seq, List<? extends JsonNode> events) {
    return storage().batches().writeBatch(indexed(PROJECT, batch(session, window, seq, events)));
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

  /** Indexes a batch as ingest does, continuing from the window's page as stored. */
  IndexedBatch continuing(String project, ObjectNode batch) {
    return indexed(
        project,
        batch,
        storage()
            .pageStates()
            .windowPage(project, batch.get("sessionId").asText(), batch.get("windowId").asText()));
  }

  static ObjectNode url(String url) {
    return TestObjects.JSON.createObjectNode().put("url", url);
  }

  static ObjectNode withUser(ObjectNode batch, String user) {
    batch.putObject("user").put("id", user);
    return batch;
  }

  static SessionQuery sorted(
      String user, SessionQuery.Sort sort, boolean ascending, Long minPages) {
    return new SessionQuery(
        Set.of(PROJECT),
        null,
        user,
        null,
        null,
        null,
        50,
        null,
        null,
        null,
        null,
        null,
        sort,
        minPages,
        ascending);
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
    assertEquals(5, storage().batches().writeBatch(indexed(project, b)).accepted());
    assertFalse(storage().markers().markers(project, session).isEmpty());
    assertFalse(storage().markers().traceLinks(Set.of(project), trace).isEmpty());
    return trace;
  }

  /** Nothing of the session is left that the stores show: summary, events, markers, trace links. */
  void assertNothingLeft(String project, String session, String trace) {
    assertTrue(storage().sessions().session(Set.of(project), session).isEmpty(), "session");
    assertTrue(storage().events().events(project, session, null).isEmpty(), "events");
    assertTrue(storage().markers().markers(project, session).isEmpty(), "markers");
    assertTrue(storage().markers().traceLinks(Set.of(project), trace).isEmpty(), "trace links");
  }

  // ---- compaction

  /**
   * {@code checkouts} checkouts 30 s apart, each followed by incrementals every second and a
   * console event now and then, cut into batches of about {@code perBatch} events (so checkouts
   * fall inside batches).
   */
  static List<List<ObjectNode>> longRecording(long t, int checkouts, int perBatch) {
    List<ObjectNode> all = new ArrayList<>();
    for (int k = 0; k < checkouts; k++) {
      long at = t + k * 30_000L;
      all.add(meta(at, "https://shop.example.com/page-" + k));
      all.add(fullSnapshot(at + 1));
      for (int i = 1; i < 30; i++) {
        all.add(
            i % 7 == 0
                ? custom(
                    at + i * 1000L,
                    "console",
                    TestObjects.JSON
                        .createObjectNode()
                        .put("level", "log")
                        .put("message", "tick " + k + "/" + i))
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

  /**
   * What a player gets at each interesting moment: the start, around each checkout, past the end.
   */
  Map<String, List<String>> readings(String project, String session, List<Long> moments) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put("start", storage().events().events(project, session, null).orElseThrow().events());
    for (long m : moments) {
      for (long at : List.of(m - 1, m, m + 1, m + 500)) {
        out.put(
            "from " + at, storage().events().events(project, session, at).orElseThrow().events());
      }
    }
    return out;
  }

  static List<Long> checkoutTimes(long t, int checkouts) {
    List<Long> out = new ArrayList<>();
    for (int k = 0; k < checkouts; k++) {
      out.add(t + k * 30_000L);
    }
    return out;
  }

  List<SessionRef> due(long quietBefore) {
    return storage().compaction().sessionsToCompact(quietBefore, 100_000);
  }

  static List<Long> timestamps(List<?> events) {
    List<Long> out = new ArrayList<>();
    for (Object e : events) {
      out.add((e instanceof JsonNode n ? n : parse((String) e)).get("timestamp").asLong());
    }
    return out;
  }

  static SessionQuery search(
      String user,
      String urlContains,
      Long minErrors,
      Boolean hasFrustration,
      Long minDurationMs,
      SessionQuery.Sort sort) {
    return new SessionQuery(
        Set.of(PROJECT),
        null,
        user,
        null,
        null,
        null,
        50,
        null,
        urlContains,
        minErrors,
        hasFrustration,
        minDurationMs,
        sort);
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
