package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.model.Compaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * How compaction stores a short window, checked in the chunk index with SQL: whether the chunks'
 * bytes are in the rows or in a bucket, a short window becomes one block plus its members.
 */
public abstract class ChunkBlockSuite extends StorageSuite {
  /** The data source holding the chunk index of the backend under test. */
  protected abstract DataSource dataSource();

  long count(String sql, String... params) {
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
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

  /** The stored bytes of a session's chunks, in the rows or in objects. */
  long storedBytes(String session) {
    return count(
        "SELECT COALESCE(SUM(COALESCE(OCTET_LENGTH(payload), byte_length)), 0) FROM rl_chunks"
            + " WHERE project = '"
            + PROJECT
            + "' AND session_id = ?",
        session);
  }

  @Test
  void aShortWindowIsStoredAsOneBlockThatEveryCheckoutStillStartsFrom() throws SQLException {
    String session = randomId("s");
    List<List<ObjectNode>> batches = longRecording(T0, 4, 7);
    for (int seq = 0; seq < batches.size(); seq++) {
      write(session, "w-window-1", seq, batches.get(seq));
    }
    List<Long> checkouts = checkoutTimes(T0, 4);
    Map<String, List<String>> before = readings(PROJECT, session, checkouts);
    List<List<String>> perCheckout = new ArrayList<>();
    for (String e : before.get("start")) {
      if (perCheckout.isEmpty() || parse(e).get("type").asInt() == 4) {
        perCheckout.add(new ArrayList<>());
      }
      perCheckout.get(perCheckout.size() - 1).add(e);
    }
    long oneChunkPerCheckout = 0;
    for (List<String> events : perCheckout) {
      oneChunkPerCheckout += ChunkCodec.encodeMerged(events).length;
    }

    Compaction c = storage().compaction().compact(PROJECT, session, Long.MAX_VALUE);
    assertEquals(4, c.chunksAfter(), "a row per checkout stays, each a start point");
    List<Integer> codecs = new ArrayList<>();
    try (Connection conn = dataSource().getConnection();
        PreparedStatement ps =
            conn.prepareStatement(
                "SELECT codec FROM rl_chunks WHERE project = ? AND session_id = ? ORDER BY seq, part")) {
      ps.setString(1, PROJECT);
      ps.setString(2, session);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          codecs.add(rs.getInt(1));
        }
      }
    }
    assertEquals(List.of(3, 4, 4, 4), codecs, "one block, three members");
    assertTrue(
        c.bytesAfter() < oneChunkPerCheckout,
        c.bytesAfter() + " stored vs " + oneChunkPerCheckout + " as one chunk per checkout");
    assertEquals(
        storedBytes(session),
        storage().sessions().session(Set.of(PROJECT), session).orElseThrow().storedBytes(),
        "the session's stored_bytes is the sum of its chunks");
    assertEquals(
        1,
        count(
            "SELECT COUNT(DISTINCT COALESCE(object_key, '')) FROM rl_chunks WHERE session_id = ?",
            session),
        "the block and its members are in one place");
    assertEquals(before, readings(PROJECT, session, checkouts), "every reading is the same");
  }
}
