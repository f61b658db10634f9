package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.SessionLimits;
import dev.replaylink.service.model.WriteResult;
import dev.replaylink.service.storage.BatchWriter;
import java.sql.SQLException;

/**
 * An ingest batch in one transaction: its key, the session row, chunks, markers, trace links and
 * page state. Concurrent batches of one session are serialised by the session row lock.
 */
final class JdbcBatchWriter implements BatchWriter {
  private final Sql sql;

  JdbcBatchWriter(Sql sql) {
    this.sql = sql;
  }

  @Override
  public WriteResult writeBatch(IndexedBatch batch, SessionLimits limits) {
    try {
      return sql.transaction("store batch", c -> {
        try {
          Sql.update(c, "INSERT INTO rl_batches (project, session_id, window_id, seq, sent_at, received_at, event_count)"
              + " VALUES (?,?,?,?,?,?,?)", batch.project(), batch.sessionId(), batch.windowId(), batch.seq(), batch.sentAt(),
              batch.receivedAt(), batch.session().eventCount());
        } catch (SQLException e) {
          if (Sql.isUniqueViolation(e)) {
            throw new DuplicateBatch();
          }
          throw e;
        }
        if (batch.session().eventCount() > 0 || !batch.markers().isEmpty()) {
          SessionRows.upsert(c, batch.project(), batch.sessionId(), batch.session(), batch.receivedAt(), limits);
        }
        ChunkRows.insert(c, batch);
        MarkerRows.insert(c, batch.project(), batch.markers());
        TraceLinkRows.insert(c, batch.project(), batch.traceLinks());
        PageStateRows.write(c, batch);
        return new WriteResult(batch.session().eventCount(), false);
      });
    } catch (DuplicateBatch d) {
      return new WriteResult(0, true);
    } catch (SessionRows.LimitReached e) {
      return WriteResult.limited(e.limit, e.stoppedAt);
    }
  }

  /** Thrown inside the transaction to roll it back when the batch key exists already. */
  private static final class DuplicateBatch extends RuntimeException {
    DuplicateBatch() {
      super(null, null, false, false);
    }
  }
}
