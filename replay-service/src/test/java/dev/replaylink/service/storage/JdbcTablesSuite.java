package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.model.Compaction;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.WriteResult;
import dev.replaylink.service.storage.jdbc.JdbcInternals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC backend keeps in its tables (checked with SQL; JDBC backends only), and how it
 * stores a short window ({@link ChunkBlockSuite}).
 */
public abstract class JdbcTablesSuite extends ChunkBlockSuite {
  /** Chunk count and payload bytes of a session, as stored. */
  long[] chunkStats(String project, String session) {
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
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
    assertEquals(
        chunkStats(project, session)[1],
        storage().sessions().session(Set.of(project), session).orElseThrow().storedBytes(),
        "the session's stored_bytes is the sum of its chunk payloads");
  }

  @Test
  void clientSendTimeAndReceiveTimeAreKeptPerBatch() throws SQLException {
    String session = randomId("s");
    ObjectNode b = batch(session, "w-window-1", 3, recording(T0, 2));
    long sentAt = T0 - 7_200_000L;
    b.put("sentAt", sentAt);
    IndexedBatch indexed = indexed(PROJECT, b);
    storage().batches().writeBatch(indexed);
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
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

  @Test
  void purgeKeepsASessionExtendedPastTheCutoffAfterItWasSelected() {
    String session = randomId("s");
    writeSessionWithMarkersAndLinks(PROJECT, session, T0, null);
    // selected as expired at cutoff T0 + 10 s, then a late batch extends it to T0 + 60 s
    write(session, "w-window-1", 1, List.of(incremental(T0 + 60_000)));
    assertFalse(
        JdbcInternals.purgeSession(dataSource(), PROJECT, session, T0 + 10_000),
        "checked again under the row lock");
    assertEquals(
        6, storage().sessions().session(Set.of(PROJECT), session).orElseThrow().eventCount());
    assertTrue(JdbcInternals.purgeSession(dataSource(), PROJECT, session, T0 + 70_000));
  }

  @Test
  void purgeOfBatchKeysIsBoundedAndKeepsNewerKeys() {
    String project = randomId("p").substring(0, 30);
    String session = randomId("s");
    long received = System.currentTimeMillis();
    for (int seq = 0; seq < 5; seq++) {
      // empty batches leave a key and no session
      storage()
          .batches()
          .writeBatch(indexed(project, batch(session, "w-window-1", seq, List.of())));
    }
    assertEquals(5, count("SELECT COUNT(*) FROM rl_batches WHERE project = ?", project));
    assertEquals(
        0,
        storage().deletion().purgeBatchKeysBefore(project, received - 60_000, 2),
        "none is older");
    assertEquals(2, storage().deletion().purgeBatchKeysBefore(project, received + 60_000, 2));
    assertEquals(2, storage().deletion().purgeBatchKeysBefore(project, received + 60_000, 2));
    assertEquals(1, storage().deletion().purgeBatchKeysBefore(project, received + 60_000, 2));
    assertEquals(0, count("SELECT COUNT(*) FROM rl_batches WHERE project = ?", project));
  }

  @Test
  void compactionKeepsEveryReadingAndSeekPointAndStoresLess() {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 5, 7);
    for (int seq = 0; seq < batches.size(); seq++) {
      write(session, "w-window-1", seq, batches.get(seq));
    }
    List<Long> checkouts = checkoutTimes(T0, 5);
    Map<String, List<String>> before = readings(PROJECT, session, checkouts);
    long[] statsBefore = chunkStats(PROJECT, session);
    long startingWithCheckout =
        batches.stream().filter(b -> b.get(0).get("type").asInt() == 4).count();
    assertEquals(
        batches.size() + 5 - startingWithCheckout,
        statsBefore[0],
        "one chunk per batch, plus one per checkout inside a batch");
    assertTrue(statsBefore[0] > 20);
    assertStoredBytesMatchChunks(PROJECT, session);

    Compaction c = storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertFalse(c.skipped());
    assertEquals(statsBefore[0], c.chunksBefore());
    assertEquals(5, c.chunksAfter(), "one chunk per checkout");
    assertEquals(statsBefore[1], c.bytesBefore());
    long[] statsAfter = chunkStats(PROJECT, session);
    assertEquals(5, statsAfter[0]);
    assertEquals(c.bytesAfter(), statsAfter[1]);
    assertTrue(
        statsAfter[1] < statsBefore[1] * 0.8,
        "stored bytes go down: " + statsBefore[1] + " -> " + statsAfter[1]);
    assertStoredBytesMatchChunks(PROJECT, session);

    assertEquals(
        before,
        readings(PROJECT, session, checkouts),
        "every reading is the same after compaction");
    for (long checkout : checkouts) {
      JsonNode first =
          parse(
              storage()
                  .events()
                  .events(PROJECT, session, checkout + 10_000)
                  .orElseThrow()
                  .events()
                  .get(0));
      assertEquals(4, first.get("type").asInt());
      assertEquals(
          checkout,
          first.get("timestamp").asLong(),
          "seeking still starts at the checkout before the moment");
    }
    SessionSummary s = storage().sessions().session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(batches.stream().mapToInt(List::size).sum(), s.eventCount());
    assertEquals(s.eventCount(), before.get("start").size());
  }

  @Test
  void compactionIsIdempotent() {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 3, 6);
    for (int seq = 0; seq < batches.size(); seq++) {
      write(session, "w-window-1", seq, batches.get(seq));
    }
    List<Long> checkouts = checkoutTimes(T0, 3);
    Map<String, List<String>> before = readings(PROJECT, session, checkouts);
    Compaction first = storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    long[] afterFirst = chunkStats(PROJECT, session);
    Compaction again = storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(
        new Compaction(
            false,
            first.chunksAfter(),
            first.chunksAfter(),
            first.bytesAfter(),
            first.bytesAfter(),
            0),
        again);
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
      write(session, "w-window-1", seq, batches.get(seq));
    }
    storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    for (int seq = 0; seq < split; seq++) {
      assertEquals(
          new WriteResult(0, true),
          write(session, "w-window-1", seq, batches.get(seq)),
          "a retry of batch " + seq + " is still a duplicate after compaction");
    }
    for (int seq = split; seq < batches.size(); seq++) {
      assertEquals(
          batches.get(seq).size(), write(session, "w-window-1", seq, batches.get(seq)).accepted());
    }
    List<ObjectNode> all = new ArrayList<>();
    batches.forEach(all::addAll);
    List<String> events = storage().events().events(PROJECT, session, null).orElseThrow().events();
    assertEquals(
        timestamps(all),
        timestamps(events),
        "late batches are read after the merged chunks, in order");
    assertStoredBytesMatchChunks(PROJECT, session);
    assertEquals(
        all.size(),
        storage().sessions().session(Set.of(PROJECT), session).orElseThrow().eventCount());

    List<Long> checkouts = checkoutTimes(T0, 4);
    Map<String, List<String>> before = readings(PROJECT, session, checkouts);
    storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(
        4, chunkStats(PROJECT, session)[0], "the late chunks are merged on the next compaction");
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
      write(reference, "w-window-1", seq, batches.get(seq));
      if (seq != missing) {
        write(session, "w-window-1", seq, batches.get(seq));
      }
    }
    storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    write(session, "w-window-1", missing, batches.get(missing));
    List<Long> checkouts = checkoutTimes(T0, 2);
    assertEquals(
        readings(PROJECT, reference, checkouts),
        readings(PROJECT, session, checkouts),
        "a late batch lands where it belongs, not after the merged chunk");
    storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(2, chunkStats(PROJECT, session)[0]);
    assertEquals(readings(PROJECT, reference, checkouts), readings(PROJECT, session, checkouts));
    assertStoredBytesMatchChunks(PROJECT, session);
  }

  @Test
  void batchesWrittenDuringCompactionAreNeitherLostNorDuplicated() throws Exception {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 6, 3);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.atomic.AtomicBoolean writing =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      Future<Integer> compactions =
          pool.submit(
              () -> {
                int n = 0;
                while (writing.get()) {
                  storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
                  n++;
                }
                return n;
              });
      Future<?> writes =
          pool.submit(
              () -> {
                try {
                  for (int seq = 0; seq < batches.size(); seq++) {
                    write(session, "w-window-1", seq, batches.get(seq));
                    if (seq % 5 == 0) {
                      write(session, "w-window-1", seq, batches.get(seq)); // a retry
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
    assertEquals(
        timestamps(all),
        timestamps(storage().events().events(PROJECT, session, null).orElseThrow().events()));
    assertStoredBytesMatchChunks(PROJECT, session);
    storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(6, chunkStats(PROJECT, session)[0]);
    assertEquals(
        timestamps(all),
        timestamps(storage().events().events(PROJECT, session, null).orElseThrow().events()));
  }

  @Test
  void deletingACompactedSessionRemovesItsChunks() {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 2, 10);
    for (int seq = 0; seq < batches.size(); seq++) {
      write(session, "w-window-1", seq, batches.get(seq));
    }
    storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertTrue(storage().deletion().deleteSession(PROJECT, session));
    assertEquals(0, chunkStats(PROJECT, session)[0]);
  }
}
