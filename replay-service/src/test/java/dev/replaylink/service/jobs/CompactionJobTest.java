package dev.replaylink.service.jobs;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.mouseMove;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.model.EventSlice;
import dev.replaylink.service.storage.BatchWriter;
import dev.replaylink.service.storage.CompactionStore;
import dev.replaylink.service.storage.EventReader;
import dev.replaylink.service.storage.StorageBackend;
import dev.replaylink.service.storage.StorageComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compaction job runs in bounded steps until no session is due, and replays stay the same. */
class CompactionJobTest {
  private static final String PROJECT = "default";

  @Test
  void compactsQuietSessionsInBoundedRuns() throws Exception {
    try (StorageBackend backend = StorageBackend.h2()) {
      compactsInBoundedRuns(backend.storage());
    }
  }

  private static void compactsInBoundedRuns(StorageComponent storage) throws Exception {
    BatchWriter writer = storage.batches();
    EventReader reader = storage.events();
    CompactionStore compaction = storage.compaction();
    Map<String, List<String>> before = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      String session = randomId("s");
      for (int seq = 0; seq < 6; seq++) {
        long at = T0 + seq * 10_000L;
        writer.writeBatch(
            indexed(
                PROJECT,
                batch(
                    session,
                    "w-window-1",
                    seq,
                    seq % 3 == 0
                        ? List.of(meta(at, "https://shop.example.com/" + seq), fullSnapshot(at + 1))
                        : List.of(mouseMove(at, seq, i)))));
      }
      before.put(
          session, reader.events(PROJECT, session, null).map(EventSlice::events).orElseThrow());
    }
    Thread.sleep(5);
    CompactionJob job = new CompactionJob(compaction, storage.jobLeases(), Duration.ZERO, 2);
    int runs = 0;
    int compacted = 0;
    while (!compaction.sessionsToCompact(System.currentTimeMillis(), 100).isEmpty()) {
      CompactionJob.Totals totals = job.compactQuietSessions();
      assertTrue(totals.sessions() <= 2, "at most sessions-per-run per run");
      assertTrue(totals.chunksAfter() < totals.chunksBefore(), "each run merges chunks");
      compacted += totals.sessions();
      assertTrue(++runs < 100);
    }
    assertEquals(3, compacted);
    assertEquals(0, job.compactQuietSessions().sessions(), "nothing left to do");
    for (Map.Entry<String, List<String>> e : before.entrySet()) {
      assertEquals(
          e.getValue(),
          new ArrayList<>(
              reader.events(PROJECT, e.getKey(), null).map(EventSlice::events).orElseThrow()));
    }
  }
}
