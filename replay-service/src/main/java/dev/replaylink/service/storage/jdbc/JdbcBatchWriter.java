package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.SessionLimits;
import dev.replaylink.service.model.WriteResult;
import dev.replaylink.service.storage.BatchWriter;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * An ingest batch in one transaction: its key, the session row, chunks, markers, trace links and
 * page state. Concurrent batches of one session are serialised by the session row lock. The key
 * goes first, so a retry stops there and every later statement may insert without looking for rows
 * of an earlier attempt.
 */
final class JdbcBatchWriter implements BatchWriter {
  private final Sql sql;

  JdbcBatchWriter(Sql sql) {
    this.sql = sql;
  }

  @Override
  public WriteResult writeBatch(IndexedBatch batch, SessionLimits limits) {
    return write(sql, batch, limits, c -> ChunkRows.insert(c, batch));
  }

  /** Inserts the batch's chunk rows inside the batch's transaction. */
  @FunctionalInterface
  interface ChunkInsert {
    void insert(Connection c) throws SQLException;
  }

  /**
   * The batch's transaction, with its chunk rows written by {@code chunks}: the key first (a
   * duplicate stops there), then everything else, or nothing when a limit is reached.
   */
  static WriteResult write(Sql sql, IndexedBatch batch, SessionLimits limits, ChunkInsert chunks) {
    try {
      return sql.transaction(
          "store batch",
          c -> {
            try {
              Sql.update(
                  c,
                  "INSERT INTO rl_batches (project, session_id, window_id, seq, sent_at, received_at, event_count)"
                      + " VALUES (?,?,?,?,?,?,?)",
                  batch.project(),
                  batch.sessionId(),
                  batch.windowId(),
                  batch.seq(),
                  batch.sentAt(),
                  batch.receivedAt(),
                  batch.session().eventCount());
            } catch (SQLException e) {
              if (Sql.isUniqueViolation(e)) {
                throw new DuplicateBatch();
              }
              throw e;
            }
            if (batch.session().eventCount() > 0 || !batch.markers().isEmpty()) {
              if (batch.storedBefore() != null && !batch.storedBefore().sessionStored()) {
                SessionRows.insertOrUpsert(
                    c,
                    batch.project(),
                    batch.sessionId(),
                    batch.session(),
                    batch.receivedAt(),
                    limits);
              } else {
                SessionRows.upsert(
                    c,
                    batch.project(),
                    batch.sessionId(),
                    batch.session(),
                    batch.receivedAt(),
                    limits);
              }
            }
            chunks.insert(c);
            MarkerRows.insert(c, batch.project(), batch.markers());
            TraceLinkRows.insertOfBatch(c, batch.project(), batch.traceLinks());
            PageStateRows.write(c, batch);
            return new WriteResult(batch.session().eventCount(), false);
          });
    } catch (DuplicateBatch d) {
      return new WriteResult(0, true);
    } catch (SessionRows.LimitReached e) {
      return WriteResult.limited(e.limit, e.stoppedAt);
    }
  }

  /** Whether the batch's key was stored before (a retry), without locking anything. */
  static boolean stored(Sql sql, IndexedBatch batch) {
    return sql.connection(
        "look up batch",
        c ->
            Sql.number(
                    c,
                    "SELECT COUNT(*) FROM rl_batches WHERE project = ? AND session_id = ?"
                        + " AND window_id = ? AND seq = ?",
                    java.util.List.of(
                        batch.project(), batch.sessionId(), batch.windowId(), batch.seq()))
                > 0);
  }

  /** Thrown inside the transaction to roll it back when the batch key exists already. */
  private static final class DuplicateBatch extends RuntimeException {
    DuplicateBatch() {
      super(null, null, false, false);
    }
  }
}
