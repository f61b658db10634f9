package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.model.WriteResult;
import dev.replaylink.service.storage.RecordingObjects.Migration;
import dev.replaylink.testsupport.S3Server;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the object store keeps where, on H2 and a real S3 API server: chunk bytes in objects under
 * the session's key prefix, only the index in the database; retries, deletion, the orphan sweep,
 * compaction into one object per window read by byte range, and moving recordings out of the
 * database.
 */
class ObjectRecordingsTest extends StorageSuite {
  private static final String PREFIX = "replays";
  private static S3Server s3;
  private static String bucket;
  private static StorageBackend backend;

  @BeforeAll
  static void start() {
    s3 = S3Server.shared();
    bucket = S3Server.freshBucket();
    Map<String, Object> props = new HashMap<>(s3.serviceProperties(bucket));
    props.put("replaylink.storage.recordings.s3.prefix", PREFIX);
    props.put(
        "datasources.default.url",
        "jdbc:h2:mem:objects-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    backend = StorageBackend.with(props);
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  @Override
  protected StorageComponent storage() {
    return backend.storage();
  }

  private ObjectStore objects() {
    return backend.bean(ObjectStore.class);
  }

  private List<String> objectsOf(String session) {
    List<String> out = new ArrayList<>();
    for (ObjectStore.StoredObject o : objects().list(PREFIX + "/", null, 1000)) {
      if (o.key().contains("/" + session + "/") && !o.key().endsWith("/")) {
        out.add(o.key());
      }
    }
    return out;
  }

  private long number(String sql, Object... args) {
    try (Connection c = backend.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(String session, String window, List<List<ObjectNode>> batches) {
    for (int seq = 0; seq < batches.size(); seq++) {
      WriteResult r = write(session, window, seq, batches.get(seq));
      assertFalse(r.duplicate());
    }
  }

  @Test
  void chunkBytesGoToAnObjectUnderTheSessionsPrefixAndOnlyTheIndexToTheDatabase() {
    String session = randomId("s");
    ObjectNode b = batch(session, "w-window-1", 0, recording(T0, 5));
    assertEquals(7, storage().batches().writeBatch(indexed(PROJECT, b)).accepted());

    assertEquals(
        0,
        number(
            "SELECT COUNT(*) FROM rl_chunks WHERE session_id = ? AND payload IS NOT NULL",
            session));
    assertTrue(
        number(
                "SELECT COUNT(*) FROM rl_chunks WHERE session_id = ? AND object_key LIKE ?",
                session,
                PREFIX + "/" + PROJECT + "/2025/10/09/" + session + "/w-window-1/0-%")
            > 0);
    List<String> keys = objectsOf(session);
    assertEquals(1, keys.size(), keys.toString());
    assertEquals(
        7, storage().events().events(PROJECT, session, null).orElseThrow().events().size());
  }

  @Test
  void retryOfStoredBatchUploadsAndStoresNothingTwice() {
    String session = randomId("s");
    ObjectNode b = batch(session, "w-window-1", 0, recording(T0, 3));
    storage().batches().writeBatch(indexed(PROJECT, b));
    long chunks = number("SELECT COUNT(*) FROM rl_chunks WHERE session_id = ?", session);

    assertTrue(storage().batches().writeBatch(indexed(PROJECT, b)).duplicate());
    assertEquals(chunks, number("SELECT COUNT(*) FROM rl_chunks WHERE session_id = ?", session));
    assertEquals(1, objectsOf(session).size());
  }

  @Test
  void deletingASessionDeletesItsObjects() {
    String session = randomId("s");
    write(session, "w-window-1", longRecording(T0, 3, 10));
    assertFalse(objectsOf(session).isEmpty());

    assertTrue(storage().deletion().deleteSession(PROJECT, session));
    assertTrue(storage().events().events(PROJECT, session, null).isEmpty());
    assertEquals(0, objectsOf(session).size());
    assertEquals(0, number("SELECT COUNT(*) FROM rl_object_deletes"));
  }

  @Test
  void sweepDeletesOldObjectsNoChunkPointsAtAndKeepsTheRest() {
    String session = randomId("s");
    write(session, "w-window-1", longRecording(T0, 1, 10));
    List<String> kept = objectsOf(session);
    String orphan =
        PREFIX + "/" + PROJECT + "/2025/10/09/" + session + "/w-window-1/7-orphan.chunks";
    objects().put(orphan, new byte[] {2, 0});
    RecordingObjects upkeep = storage().recordingObjects().orElseThrow();

    // within the grace period an unreferenced object may be an upload awaiting its commit
    sweepAll(upkeep, System.currentTimeMillis() - 3_600_000);
    assertTrue(objectsOf(session).contains(orphan));

    sweepAll(upkeep, System.currentTimeMillis() + 1000);
    assertEquals(kept, objectsOf(session));
    assertEquals(List.of(orphan).size() + kept.size() - 1, objectsOf(session).size());
  }

  private static void sweepAll(RecordingObjects upkeep, long writtenBefore) {
    String cursor = null;
    do {
      cursor = upkeep.sweepOrphans(cursor, 100, writtenBefore).next();
    } while (cursor != null);
  }

  @Test
  void compactionLeavesOneObjectPerWindowAndASeekFetchesOnlyTheBytesFromTheLastCheckout() {
    String session = randomId("s");
    int checkouts = 120; // 60 minutes, a checkout every 30 s
    write(session, "w-window-1", longRecording(T0, checkouts, 12));
    List<Long> moments = List.of(T0 + 30_000L, T0 + 60 * 30_000L, T0 + 119 * 30_000L);
    Map<String, List<String>> before = readings(PROJECT, session, moments);
    assertTrue(objectsOf(session).size() > 100);
    // not compacted yet: one object per batch, each fetched once by one ranged GET, read ahead
    long near = T0 + 119 * 30_000L + 20_000;
    long checkoutTs =
        number(
            "SELECT MAX(first_ts) FROM rl_chunks WHERE session_id = ? AND starts_with_snapshot ="
                + " TRUE AND first_ts <= ?",
            session,
            near);
    long batchObjects =
        number(
            "SELECT COUNT(DISTINCT object_key) FROM rl_chunks WHERE session_id = ? AND first_ts >= ?",
            session,
            checkoutTs);
    long batchBytes =
        number(
            "SELECT SUM(byte_length) FROM rl_chunks WHERE session_id = ? AND first_ts >= ?",
            session,
            checkoutTs);
    assertTrue(batchObjects > 1, batchObjects + " objects");
    long served0 = s3.bytesServed();
    long gets0 = s3.gets();
    assertEquals(
        31, storage().events().events(PROJECT, session, near).orElseThrow().events().size());
    assertEquals(batchObjects, s3.gets() - gets0, "one ranged GET per batch object");
    assertEquals(batchBytes, s3.bytesServed() - served0, "exactly the chunks' bytes");

    storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    List<String> keys = objectsOf(session);
    assertEquals(1, keys.size(), keys.size() + " objects");
    assertEquals(before, readings(PROJECT, session, moments));

    long from = T0 + 119 * 30_000L + 20_000; // near the end, after the last checkout
    long lastCheckoutOffset =
        number(
            "SELECT byte_offset FROM rl_chunks WHERE session_id = ? AND starts_with_snapshot = TRUE"
                + " AND first_ts <= ? ORDER BY first_ts DESC LIMIT 1",
            session,
            from);
    long objectSize =
        number(
            "SELECT MAX(byte_offset + byte_length) FROM rl_chunks WHERE session_id = ?", session);
    // short checkouts are compacted into blocks: the last one is a member, its block just before it
    assertEquals(
        4,
        number(
            "SELECT codec FROM rl_chunks WHERE session_id = ? AND byte_offset = ?",
            session,
            lastCheckoutOffset),
        "the last checkout is a block member");
    long blockOffset =
        number(
            "SELECT MAX(byte_offset) FROM rl_chunks WHERE session_id = ? AND codec = 3 AND byte_offset < ?",
            session,
            lastCheckoutOffset);
    long served = s3.bytesServed();
    long gets = s3.gets();
    List<String> events = storage().events().events(PROJECT, session, from).orElseThrow().events();
    assertEquals(31, events.size(), "the last checkout: Meta, FullSnapshot and 29 incrementals");
    assertEquals(1, s3.gets() - gets, "one ranged GET, its block's range included");
    assertEquals(
        objectSize - blockOffset,
        s3.bytesServed() - served,
        "bytes from the last checkout's block to the window's end");
    assertTrue(objectSize - lastCheckoutOffset < objectSize / 50, "a small part of the object");
  }

  @Test
  void recordingsMoveFromTheDatabaseAndReplayTheSame() {
    String url = "jdbc:h2:mem:move-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String session = randomId("s");
    List<Long> moments = List.of(T0 + 30_000L, T0 + 90_000L);
    Map<String, List<String>> before;
    try (StorageBackend database = StorageBackend.with(Map.of("datasources.default.url", url))) {
      for (int seq = 0; seq < 12; seq++) {
        database
            .storage()
            .batches()
            .writeBatch(
                indexed(
                    PROJECT, batch(session, "w-window-1", seq, longRecording(T0, 4, 10).get(seq))));
      }
      before = readingsOf(database.storage(), session, moments);
    }
    Map<String, Object> props = new HashMap<>(s3.serviceProperties(S3Server.freshBucket()));
    props.put("datasources.default.url", url);
    try (StorageBackend moved = StorageBackend.with(props)) {
      assertEquals(
          before, readingsOf(moved.storage(), session, moments), "database chunks stay readable");
      RecordingObjects upkeep = moved.storage().recordingObjects().orElseThrow();
      Migration first = upkeep.migrateFromDatabase(Set.of(PROJECT), 1);
      assertEquals(1, first.sessions());
      assertEquals(0, first.remainingChunks());
      assertEquals(
          0, upkeep.migrateFromDatabase(Set.of(PROJECT), 10).chunks(), "resumed, nothing left");
      assertEquals(before, readingsOf(moved.storage(), session, moments));
      try (Connection c = moved.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM rl_chunks WHERE payload IS NOT NULL OR object_key IS NULL");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(0, rs.getLong(1));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void blocksCompactedInTheDatabaseMoveToTheBucketAndReplayTheSame() {
    String url = "jdbc:h2:mem:move-blocks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 4, 10);
    List<Long> moments = new ArrayList<>();
    for (long t = T0 - 1; t < T0 + 4 * 30_000L; t += 5_000) {
      moments.add(t);
    }
    Map<String, List<String>> before;
    try (StorageBackend database = StorageBackend.with(Map.of("datasources.default.url", url))) {
      for (int seq = 0; seq < batches.size() - 2; seq++) {
        database
            .storage()
            .batches()
            .writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq))));
      }
      before = readingsOf(database.storage(), session, moments);
      database.storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
      assertEquals(before, readingsOf(database.storage(), session, moments));
    }
    Map<String, Object> props = new HashMap<>(s3.serviceProperties(S3Server.freshBucket()));
    props.put("datasources.default.url", url);
    try (StorageBackend moved = StorageBackend.with(props)) {
      assertEquals(before, readingsOf(moved.storage(), session, moments), "blocks in the rows");
      RecordingObjects upkeep = moved.storage().recordingObjects().orElseThrow();
      upkeep.migrateFromDatabase(Set.of(PROJECT), 10);
      assertEquals(before, readingsOf(moved.storage(), session, moments), "blocks in the bucket");
      for (int seq = batches.size() - 2; seq < batches.size(); seq++) {
        moved
            .storage()
            .batches()
            .writeBatch(indexed(PROJECT, batch(session, "w-window-1", seq, batches.get(seq))));
      }
      Map<String, List<String>> resumed = readingsOf(moved.storage(), session, moments);
      moved.storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
      assertEquals(
          resumed,
          readingsOf(moved.storage(), session, moments),
          "compacted again in the object store");
      assertEquals(batches.stream().mapToInt(List::size).sum(), resumed.get("start").size());
    }
  }

  private static Map<String, List<String>> readingsOf(
      StorageComponent storage, String session, List<Long> moments) {
    Map<String, List<String>> out = new HashMap<>();
    out.put("start", storage.events().events(PROJECT, session, null).orElseThrow().events());
    for (long m : moments) {
      out.put("from " + m, storage.events().events(PROJECT, session, m + 1).orElseThrow().events());
    }
    return out;
  }

  @Test
  void aStoreSlowerThanTheTimeoutFailsTheWriteWithinItAndStoresNothing() {
    try (S3Server slow = S3Server.create()) {
      Map<String, Object> props = new HashMap<>(slow.serviceProperties(S3Server.freshBucket()));
      props.put("replaylink.storage.recordings.s3.timeout", "1s");
      props.put(
          "datasources.default.url",
          "jdbc:h2:mem:slow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      try (StorageBackend backend = StorageBackend.with(props)) {
        String session = randomId("s");
        slow.delayUploads(20_000);
        // bounded by the timeout (retries included), not by the store: far less than the 20 s
        // upload
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                assertThrows(
                    StorageException.class,
                    () ->
                        backend
                            .storage()
                            .batches()
                            .writeBatch(
                                indexed(
                                    PROJECT, batch(session, "w-window-1", 0, recording(T0, 2))))));
        slow.delayUploads(0);
        assertTrue(
            backend.storage().sessions().session(Set.of(PROJECT), session).isEmpty(),
            "nothing stored");
        assertFalse(
            backend
                .storage()
                .batches()
                .writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, recording(T0, 2))))
                .duplicate(),
            "the retry is stored, not taken for a duplicate");
        assertEquals(
            4,
            backend
                .storage()
                .events()
                .events(PROJECT, session, null)
                .orElseThrow()
                .events()
                .size());
      }
    }
  }

  @Test
  void startUpFailsNamingTheKeyWhenTheBucketCannotBeReached() {
    Map<String, Object> props = new HashMap<>(s3.serviceProperties(S3Server.freshBucket()));
    props.put("replaylink.storage.recordings.s3.endpoint", "http://127.0.0.1:9");
    props.put("replaylink.storage.recordings.s3.timeout", "2s");
    props.put(
        "datasources.default.url",
        "jdbc:h2:mem:unreachable-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> StorageBackend.with(props).storage());
    String message = causes(e);
    assertTrue(
        message.contains("replaylink.storage.recordings.s3.endpoint")
            && message.contains("replaylink.storage.recordings.s3.bucket"),
        message);
  }

  static String causes(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.append(t.getMessage()).append('\n');
    }
    return out.toString();
  }
}
