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
import dev.replaylink.service.storage.JdbcStorage;
import dev.replaylink.service.storage.JobLease;
import dev.replaylink.service.storage.RecordingReader;
import dev.replaylink.service.storage.RecordingWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The compaction job runs in bounded steps until no session is due, and replays stay the same. */
class CompactionJobTest {
  private static final String PROJECT = "default";

  @Test
  void compactsQuietSessionsInBoundedRuns() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:compaction-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    JdbcStorage storage = JdbcStorage.create(ds);
    RecordingWriter writer = storage.writer();
    RecordingReader reader = storage.reader();
    Map<String, List<String>> before = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      String session = randomId("s");
      for (int seq = 0; seq < 6; seq++) {
        long at = T0 + seq * 10_000L;
        writer.writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq,
            seq % 3 == 0 ? List.of(meta(at, "https://shop.example.com/" + seq), fullSnapshot(at + 1)) : List.of(mouseMove(at, seq, i)))));
      }
      before.put(session, reader.events(PROJECT, session, null).map(EventSlice::events).orElseThrow());
    }
    Thread.sleep(5);
    CompactionJob job = new CompactionJob(writer, new JobLease(ds), Duration.ZERO, 2);
    int runs = 0;
    int compacted = 0;
    while (!writer.sessionsToCompact(System.currentTimeMillis(), 100).isEmpty()) {
      CompactionJob.Totals totals = job.compactQuietSessions();
      assertTrue(totals.sessions() <= 2, "at most sessions-per-run per run");
      assertTrue(totals.chunksAfter() < totals.chunksBefore(), "each run merges chunks");
      compacted += totals.sessions();
      assertTrue(++runs < 100);
    }
    assertEquals(3, compacted);
    assertEquals(0, job.compactQuietSessions().sessions(), "nothing left to do");
    for (Map.Entry<String, List<String>> e : before.entrySet()) {
      assertEquals(e.getValue(), new ArrayList<>(reader.events(PROJECT, e.getKey(), null).map(EventSlice::events).orElseThrow()));
    }
  }
}
