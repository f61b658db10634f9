package dev.replaylink.bench.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest baseline: the same compressed batches stored with plain JDBC into the service's own
 * tables, one transaction per batch (the idempotency row in rl_batches plus the gzip body as one
 * rl_chunks row), no HTTP, no parsing, no indexing. One connection per thread.
 */
final class JdbcBaseline implements AutoCloseable {
  private final List<Connection> connections = new ArrayList<>();
  private final ThreadLocal<Connection> current;

  JdbcBaseline(BenchDatabase db) {
    this.current =
        ThreadLocal.withInitial(
            () -> {
              try {
                Connection c = db.connect();
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

  /** Stores body {@code i} under batch key {@code key} (unique per run). */
  boolean insert(IngestBodies bodies, int i, long key) throws SQLException {
    Connection c = current.get();
    try (PreparedStatement batch =
            c.prepareStatement(
                "INSERT INTO rl_batches (project, session_id, window_id, seq, sent_at, received_at, event_count) VALUES (?,?,?,?,?,?,?)");
        PreparedStatement chunk =
            c.prepareStatement(
                "INSERT INTO rl_chunks (project, session_id, window_id, seq, part, first_ts, last_ts, event_count, starts_with_snapshot, payload)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      batch.setString(1, "bench");
      batch.setString(2, bodies.sessionIds[i]);
      batch.setString(3, "w");
      batch.setLong(4, key);
      batch.setLong(5, bodies.firstTs[i]);
      batch.setLong(6, System.currentTimeMillis());
      batch.setInt(7, bodies.events[i]);
      batch.executeUpdate();
      chunk.setString(1, "bench");
      chunk.setString(2, bodies.sessionIds[i]);
      chunk.setString(3, "w");
      chunk.setLong(4, key);
      chunk.setInt(5, 0);
      chunk.setLong(6, bodies.firstTs[i]);
      chunk.setLong(7, bodies.firstTs[i] + 8_000);
      chunk.setInt(8, bodies.events[i]);
      chunk.setBoolean(9, true);
      chunk.setBytes(10, bodies.gzip[i]);
      chunk.executeUpdate();
      c.commit();
      return true;
    } catch (SQLException e) {
      c.rollback();
      throw e;
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
