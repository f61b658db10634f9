package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.network;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.TestObjects.randomTraceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.model.SessionSpans;
import dev.replaylink.service.model.StoredSpan;
import dev.replaylink.service.model.StoredTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The span store: limits, re-delivery, deletion with the session, through the store interfaces, so
 * every backend bound in {@link StorageSuites} runs the same assertions.
 */
public abstract class SpanStoreSuite extends StorageSuite {
  static final String SPAN_PROJECT = "spans";
  static final long T = 1_790_000_000_000L;

  static StoredSpan span(String traceId, String name) {
    String id = String.format("%016x", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    return new StoredSpan(
        traceId,
        id,
        null,
        "shop",
        name,
        "SERVER",
        T * 1_000_000L,
        5_000_000L,
        "UNSET",
        null,
        "{}",
        "[]",
        null);
  }

  static List<StoredSpan> spans(String traceId, int n) {
    List<StoredSpan> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(span(traceId, "span " + i));
    }
    return out;
  }

  /** A recorded session whose browser request carries the trace. */
  private static String recordedSession(StorageComponent storage, String traceId) {
    String session = randomId("sess");
    storage
        .batches()
        .writeBatch(
            indexed(
                SPAN_PROJECT,
                batch(
                    session,
                    randomId("win"),
                    0,
                    List.of(
                        meta(T, "https://shop.example.com/"),
                        fullSnapshot(T + 1),
                        network(T + 2, 500, traceId)))));
    return session;
  }

  @Test
  void spansPastTheTraceLimitAreCountedNotKept() {
    StorageComponent storage = storage();
    String trace = randomTraceId();
    String session = recordedSession(storage, trace);
    SpanStore.Limits limits = new SpanStore.Limits(5, 10);
    List<StoredSpan> first = spans(trace, 3);
    assertEquals(
        new SpanStore.Added(3, 0),
        storage
            .spans()
            .addSpans(SPAN_PROJECT, List.of(new SessionSpans(session, trace, first)), limits));
    assertEquals(
        new SpanStore.Added(0, 0),
        storage
            .spans()
            .addSpans(SPAN_PROJECT, List.of(new SessionSpans(session, trace, first)), limits),
        "a re-delivered export keeps nothing twice");
    assertEquals(
        new SpanStore.Added(2, 2),
        storage
            .spans()
            .addSpans(
                SPAN_PROJECT, List.of(new SessionSpans(session, trace, spans(trace, 4))), limits));
    StoredTrace stored = storage.spans().trace(SPAN_PROJECT, session, trace);
    assertEquals(5, stored.spans().size());
    assertEquals(2, stored.droppedSpans());
    assertTrue(stored.kept());
  }

  @Test
  void tracesPastTheSessionLimitAreCountedNotKept() {
    StorageComponent storage = storage();
    String session = recordedSession(storage, randomTraceId());
    SpanStore.Limits limits = new SpanStore.Limits(100, 2);
    List<String> traces = List.of(randomTraceId(), randomTraceId(), randomTraceId());
    for (String t : traces) {
      storage
          .spans()
          .addSpans(SPAN_PROJECT, List.of(new SessionSpans(session, t, spans(t, 2))), limits);
    }
    assertEquals(2, storage.spans().trace(SPAN_PROJECT, session, traces.get(1)).spans().size());
    StoredTrace third = storage.spans().trace(SPAN_PROJECT, session, traces.get(2));
    assertEquals(0, third.spans().size());
    assertEquals(2, third.droppedSpans());
    assertFalse(third.kept());
    assertEquals(
        new SpanStore.Added(2, 0),
        storage
            .spans()
            .addSpans(
                SPAN_PROJECT,
                List.of(new SessionSpans(session, traces.get(0), spans(traces.get(0), 2))),
                limits),
        "a kept trace still takes spans");
  }

  @Test
  void concurrentExportsNeverGoPastTheLimits() throws Exception {
    StorageComponent storage = storage();
    String session = recordedSession(storage, randomTraceId());
    SpanStore.Limits limits = new SpanStore.Limits(10, 3);
    List<String> traces =
        List.of(
            randomTraceId(), randomTraceId(), randomTraceId(), randomTraceId(), randomTraceId());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<SpanStore.Added>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String t = traces.get(i % traces.size());
        results.add(
            pool.submit(
                () ->
                    storage
                        .spans()
                        .addSpans(
                            SPAN_PROJECT,
                            List.of(new SessionSpans(session, t, spans(t, 3))),
                            limits)));
      }
      int kept = 0;
      int dropped = 0;
      for (Future<SpanStore.Added> f : results) {
        kept += f.get().kept();
        dropped += f.get().dropped();
      }
      assertEquals(60, kept + dropped, "every span kept or counted");
      assertEquals(30, kept, "three traces of ten spans");
      int nonEmpty = 0;
      for (String t : traces) {
        int n = storage.spans().trace(SPAN_PROJECT, session, t).spans().size();
        assertTrue(n == 0 || n == 10, "trace holds " + n);
        nonEmpty += n > 0 ? 1 : 0;
      }
      assertEquals(3, nonEmpty);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void spansAreDeletedWithTheirSessionAndByErasureAndRetention() {
    StorageComponent storage = storage();
    SpanStore.Limits limits = new SpanStore.Limits(100, 100);
    String t1 = randomTraceId();
    String t2 = randomTraceId();
    String t3 = randomTraceId();
    String deleted = recordedSession(storage, t1);
    String expired = recordedSession(storage, t2);
    String erased = randomId("sess");
    storage
        .batches()
        .writeBatch(
            indexed(
                SPAN_PROJECT,
                batch(
                    erased,
                    randomId("win"),
                    0,
                    List.of(
                        meta(T, "https://shop.example.com/"),
                        fullSnapshot(T + 1),
                        dev.replaylink.service.TestObjects.custom(
                            T + 2,
                            "identify",
                            dev.replaylink.service.TestObjects.JSON
                                .createObjectNode()
                                .put("userId", "user-" + erased)),
                        network(T + 3, 200, t3)))));
    storage
        .spans()
        .addSpans(
            SPAN_PROJECT,
            List.of(
                new SessionSpans(deleted, t1, spans(t1, 2)),
                new SessionSpans(expired, t2, spans(t2, 2)),
                new SessionSpans(erased, t3, spans(t3, 2))),
            limits);

    assertTrue(storage.deletion().deleteSession(SPAN_PROJECT, deleted));
    assertEquals(StoredTrace.EMPTY, storage.spans().trace(SPAN_PROJECT, deleted, t1));
    assertEquals(1, storage.deletion().deleteUserSessions(List.of(SPAN_PROJECT), "user-" + erased));
    assertEquals(StoredTrace.EMPTY, storage.spans().trace(SPAN_PROJECT, erased, t3));
    assertEquals(2, storage.spans().trace(SPAN_PROJECT, expired, t2).spans().size());
    storage.deletion().purgeEndedBefore(SPAN_PROJECT, T + 10_000, 100);
    assertEquals(StoredTrace.EMPTY, storage.spans().trace(SPAN_PROJECT, expired, t2));

    // a session deleted and recorded again starts with no spans and a fresh trace count
    String again = recordedSession(storage, t1);
    assertEquals(
        new SpanStore.Added(1, 0),
        storage
            .spans()
            .addSpans(
                SPAN_PROJECT,
                List.of(new SessionSpans(again, t1, spans(t1, 1))),
                new SpanStore.Limits(100, 1)));
  }

  @Test
  void spansOfASessionNeverRecordedAreSweptAfterTheGrace() {
    StorageComponent storage = storage();
    SpanStore.Limits limits = new SpanStore.Limits(100, 100);
    String trace = randomTraceId();
    String recorded = recordedSession(storage, trace);
    String unrecorded = randomId("sess");
    storage
        .spans()
        .addSpans(
            SPAN_PROJECT,
            List.of(
                new SessionSpans(recorded, trace, spans(trace, 1)),
                new SessionSpans(unrecorded, trace, spans(trace, 1))),
            limits);
    assertEquals(
        0,
        storage.spans().purgeUnrecorded(System.currentTimeMillis() - 60_000, 100),
        "within the grace");
    assertTrue(storage.spans().purgeUnrecorded(System.currentTimeMillis() + 1, 1000) >= 1);
    assertEquals(StoredTrace.EMPTY, storage.spans().trace(SPAN_PROJECT, unrecorded, trace));
    assertEquals(
        1,
        storage.spans().trace(SPAN_PROJECT, recorded, trace).spans().size(),
        "a recorded session keeps its spans");
  }

  @Test
  void linkedSessionsComeFromTheTraceLinksOfTheProject() {
    StorageComponent storage = storage();
    String trace = randomTraceId();
    String session = recordedSession(storage, trace);
    String unlinked = randomTraceId();
    assertEquals(
        Set.of(session),
        storage.spans().linkedSessions(SPAN_PROJECT, List.of(trace, unlinked)).get(trace));
    assertFalse(
        storage
            .spans()
            .linkedSessions(SPAN_PROJECT, List.of(trace, unlinked))
            .containsKey(unlinked));
    assertTrue(
        storage.spans().linkedSessions("elsewhere", List.of(trace)).isEmpty(),
        "only the project's links");
  }
}
