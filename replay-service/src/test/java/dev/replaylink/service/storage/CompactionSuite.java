package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.SessionRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compaction as the stores show it. */
public abstract class CompactionSuite extends StorageSuite {
  @Test
  void compactionKeepsWindowsApartAndSessionsWithoutCheckoutsReadable() {
    String session = randomId("s");
    List<List<ObjectNode>> tab1 = longRecording(T0, 2, 8);
    List<List<ObjectNode>> tab2 = longRecording(T0 + 15_000, 2, 11);
    for (int seq = 0; seq < Math.max(tab1.size(), tab2.size()); seq++) {
      if (seq < tab1.size()) {
        write(session, "w-window-1", seq, tab1.get(seq));
      }
      if (seq < tab2.size()) {
        write(session, "w-window-2", seq, tab2.get(seq));
      }
    }
    String noCheckouts = randomId("s");
    for (int seq = 0; seq < 6; seq++) {
      List<ObjectNode> events = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        events.add(incremental(T0 + seq * 4000L + i * 1000L));
      }
      write(noCheckouts, "w-window-1", seq, events);
    }
    List<Long> moments = new ArrayList<>(checkoutTimes(T0, 2));
    moments.addAll(checkoutTimes(T0 + 15_000, 2));
    Map<String, List<String>> before = readings(PROJECT, session, moments);
    Map<String, List<String>> beforePlain =
        readings(PROJECT, noCheckouts, List.of(T0, T0 + 10_000));
    assertEquals(
        4,
        storage().compaction().compact(PROJECT, session, Long.MAX_VALUE).chunksAfter(),
        "two checkouts in each of two windows");
    assertEquals(
        1, storage().compaction().compact(PROJECT, noCheckouts, Long.MAX_VALUE).chunksAfter());
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
      storage()
          .batches()
          .writeBatch(indexed(project, batch(session, "w-window-1", seq, batches.get(seq))));
    }
    long written = System.currentTimeMillis();
    Thread.sleep(5);
    assertFalse(
        due(written - 60_000).contains(new SessionRef(project, session)),
        "not quiet for a minute yet");
    assertTrue(
        storage().compaction().compact(project, session, written - 60_000).skipped(),
        "a session written since the cut-off is left alone");
    long quietBefore = System.currentTimeMillis();
    assertTrue(due(quietBefore).contains(new SessionRef(project, session)));
    assertFalse(storage().compaction().compact(project, session, quietBefore).skipped());
    assertFalse(
        due(System.currentTimeMillis()).contains(new SessionRef(project, session)),
        "compacted: not due any more");

    storage()
        .markers()
        .addMarkers(
            project,
            List.of(
                new Marker(
                    session, T0 + 500, "backend-error", "boom", null, null, randomId("otlp"))));
    assertFalse(
        due(System.currentTimeMillis() + 1000).contains(new SessionRef(project, session)),
        "a marker adds no chunk");
    storage()
        .batches()
        .writeBatch(
            indexed(
                project,
                batch(session, "w-window-1", batches.size() - 1, batches.get(batches.size() - 1))));
    assertTrue(
        due(System.currentTimeMillis() + 1000).contains(new SessionRef(project, session)),
        "a new chunk makes it due");
    assertTrue(
        storage()
            .compaction()
            .compact(randomId("p").substring(0, 30), session, Long.MAX_VALUE)
            .skipped(),
        "unknown session");
  }

  @Test
  void shortWindowsReadTheSameFromEveryMomentAfterCompactionAndWhenTheyResume() {
    String session = randomId("s");
    String reference = randomId("ref");
    List<List<ObjectNode>> tab1 = longRecording(T0, 4, 6);
    List<List<ObjectNode>> tab2 = longRecording(T0 + 5_000, 2, 5);
    int split = tab1.size() - 3;
    for (String id : List.of(session, reference)) {
      for (int seq = 0; seq < split; seq++) {
        write(id, "w-window-1", seq, tab1.get(seq));
      }
      for (int seq = 0; seq < tab2.size(); seq++) {
        write(id, "w-window-2", seq, tab2.get(seq));
      }
    }
    List<Long> moments = new ArrayList<>();
    for (long t = T0 - 1_000; t <= T0 + 4 * 30_000L + 1_000; t += 2_500) {
      moments.add(t);
    }
    moments.addAll(checkoutTimes(T0, 4));
    moments.addAll(checkoutTimes(T0 + 5_000, 2));
    assertFalse(storage().compaction().compact(PROJECT, session, Long.MAX_VALUE).skipped());
    assertEquals(
        readings(PROJECT, reference, moments),
        readings(PROJECT, session, moments),
        "every reading of the compacted session is the reference's");

    for (String id : List.of(session, reference)) {
      for (int seq = split; seq < tab1.size(); seq++) {
        write(id, "w-window-1", seq, tab1.get(seq));
      }
    }
    assertEquals(
        readings(PROJECT, reference, moments),
        readings(PROJECT, session, moments),
        "batches after compaction are read in their place");
    var again = storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(6, again.chunksAfter(), "one chunk per checkout again, in each window");
    assertTrue(again.bytesAfter() < again.bytesBefore(), again.toString());
    assertEquals(readings(PROJECT, reference, moments), readings(PROJECT, session, moments));
    var third = storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(again.bytesAfter(), third.bytesAfter(), "nothing left to do");
    assertEquals(again.bytesAfter(), third.bytesBefore());
  }
}
