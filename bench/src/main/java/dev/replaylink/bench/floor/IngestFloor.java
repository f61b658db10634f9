package dev.replaylink.bench.floor;

import dev.replaylink.service.config.PrivacyConfiguration;
import dev.replaylink.service.index.BatchIndexer;
import dev.replaylink.service.index.PrivacyFilter;
import dev.replaylink.service.ingest.BatchParser;
import dev.replaylink.service.ingest.BodyDecoder;
import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.SessionDelta;
import dev.replaylink.service.model.TraceLink;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The ingest floor: the work every ingest batch needs, in-process and with nothing around it. The
 * service's own classes gunzip, parse and validate ({@link BatchParser}), privacy-filter ({@link
 * PrivacyFilter}), index markers and trace links and re-encode the chunks ({@link BatchIndexer});
 * plain JDBC then writes the same rows the service writes (batch key, session row, chunks, markers,
 * trace links) in one transaction on one connection per thread. No HTTP, no framework, no pool.
 *
 * <p>Loaded by {@code IngestLoad} from a class loader over the service jar, so it runs exactly the
 * code of the service build under test; it speaks to the loader only through JDK types.
 */
public final class IngestFloor implements ToIntFunction<byte[]>, AutoCloseable {
  private static final String PROJECT = "bench";
  private static final int MAX_BYTES = 16 * 1024 * 1024;

  private final BatchParser parser = new BatchParser(10_000, MAX_BYTES);
  private final PrivacyFilter privacy = new PrivacyFilter(new PrivacyConfiguration());
  private final List<Connection> connections = new ArrayList<>();
  private final ThreadLocal<Connection> current;

  public IngestFloor(String url, String user, String password) {
    this.current =
        ThreadLocal.withInitial(
            () -> {
              try {
                Connection c = DriverManager.getConnection(url, user, password);
                c.setAutoCommit(false);
                synchronized (connections) {
                  connections.add(c);
                }
                return c;
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /** Ingests one gzip body; @return the events stored. */
  @Override
  public int applyAsInt(byte[] gzip) {
    long receivedAt = System.currentTimeMillis();
    byte[] json = BodyDecoder.decode(gzip, "gzip", MAX_BYTES, MAX_BYTES);
    ParsedBatch batch = parser.parse(json);
    privacy.apply(PROJECT, batch);
    IndexedBatch indexed = BatchIndexer.index(PROJECT, batch, receivedAt);
    Connection c = current.get();
    try {
      write(c, indexed);
      c.commit();
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      throw new IllegalStateException(e);
    }
    return indexed.session().eventCount();
  }

  private static void write(Connection c, IndexedBatch b) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_batches (project, session_id, window_id, seq, sent_at, received_at, event_count) VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, PROJECT);
      ps.setString(2, b.sessionId());
      ps.setString(3, b.windowId());
      ps.setLong(4, b.seq());
      ps.setLong(5, b.sentAt());
      ps.setLong(6, b.receivedAt());
      ps.setInt(7, b.session().eventCount());
      ps.executeUpdate();
    }
    session(c, b);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_chunks (project, session_id, window_id, seq, part, first_ts, last_ts,"
                + " event_count, starts_with_snapshot, payload) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      int part = 0;
      for (Chunk chunk : b.chunks()) {
        ps.setString(1, PROJECT);
        ps.setString(2, b.sessionId());
        ps.setString(3, chunk.windowId());
        ps.setLong(4, b.seq());
        ps.setInt(5, part++);
        ps.setLong(6, chunk.firstTimestamp());
        ps.setLong(7, chunk.lastTimestamp());
        ps.setInt(8, chunk.eventCount());
        ps.setBoolean(9, chunk.startsWithSnapshot());
        ps.setBytes(10, chunk.data());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    if (!b.markers().isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO rl_markers (project, session_id, ts, kind, label, trace_id, link, dedupe_key, group_key) VALUES (?,?,?,?,?,?,?,?,?)")) {
        for (Marker m : b.markers()) {
          ps.setString(1, PROJECT);
          ps.setString(2, m.sessionId());
          ps.setLong(3, m.timestamp());
          ps.setString(4, m.kind());
          ps.setString(5, m.label());
          ps.setString(6, m.traceId());
          ps.setString(7, m.link());
          ps.setString(8, m.dedupeKey());
          ps.setString(
              9,
              m.label() == null ? null : m.label().substring(0, Math.min(512, m.label().length())));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (!b.traceLinks().isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO rl_trace_links (project, trace_id, session_id, ts, source) VALUES (?,?,?,?,?)")) {
        for (TraceLink link : b.traceLinks()) {
          ps.setString(1, PROJECT);
          ps.setString(2, link.traceId());
          ps.setString(3, link.sessionId());
          ps.setLong(4, link.timestamp());
          ps.setString(5, link.source());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /** The session row: extended by one UPDATE, inserted by the session's first batch. */
  private static void session(Connection c, IndexedBatch b) throws SQLException {
    SessionDelta d = b.session();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE rl_sessions SET started_at = LEAST(started_at, ?), ended_at = GREATEST(ended_at, ?),"
                + " event_count = event_count + ?, error_count = error_count + ?, stored_bytes = stored_bytes + ?, updated_at = ?,"
                + " compaction_due = TRUE WHERE project = ? AND session_id = ?")) {
      ps.setLong(1, d.startedAt());
      ps.setLong(2, d.endedAt());
      ps.setLong(3, d.eventCount());
      ps.setLong(4, d.errorCount());
      ps.setLong(5, d.storedBytes());
      ps.setLong(6, b.receivedAt());
      ps.setString(7, PROJECT);
      ps.setString(8, b.sessionId());
      if (ps.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_sessions (project, session_id, started_at, ended_at, user_id, entry_url,"
                + " event_count, error_count, rage_click_count, dead_click_count, mouse_thrash_count, stored_bytes, updated_at, compaction_due)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,TRUE)")) {
      ps.setString(1, PROJECT);
      ps.setString(2, b.sessionId());
      ps.setLong(3, d.startedAt());
      ps.setLong(4, d.endedAt());
      ps.setString(5, d.userId());
      ps.setString(6, d.entryUrl());
      ps.setLong(7, d.eventCount());
      ps.setLong(8, d.errorCount());
      ps.setLong(9, d.rageClickCount());
      ps.setLong(10, d.deadClickCount());
      ps.setLong(11, d.mouseThrashCount());
      ps.setLong(12, d.storedBytes());
      ps.setLong(13, b.receivedAt());
      ps.executeUpdate();
    }
  }

  @Override
  public void close() throws SQLException {
    synchronized (connections) {
      for (Connection c : connections) {
        c.close();
      }
    }
  }
}
