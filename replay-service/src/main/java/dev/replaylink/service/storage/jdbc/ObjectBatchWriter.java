package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.SessionLimits;
import dev.replaylink.service.model.WriteResult;
import dev.replaylink.service.storage.BatchWriter;
import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.StorageException;
import dev.replaylink.service.storage.jdbc.ChunkRows.ObjectRange;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ingest batch with its chunks in the object store: the chunks go into one object first, then
 * the batch is committed as in the database store, its chunk rows pointing at byte ranges of that
 * object, in the same transaction as the batch key. A crash or failure between the two leaves an
 * object no row points at (deleted by the orphan sweep), never a row without its object. A retry of
 * a stored batch is answered from its key without uploading anything.
 */
final class ObjectBatchWriter implements BatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectBatchWriter.class);

  private final Sql sql;
  private final ObjectStore objects;

  ObjectBatchWriter(Sql sql, ObjectStore objects) {
    this.sql = sql;
    this.objects = objects;
  }

  @Override
  public WriteResult writeBatch(IndexedBatch batch, SessionLimits limits) {
    if (batch.chunks().isEmpty()) {
      return JdbcBatchWriter.write(sql, batch, limits, c -> {});
    }
    if (JdbcBatchWriter.stored(sql, batch)) {
      return new WriteResult(0, true);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<ObjectRange> ranges = new ArrayList<>(batch.chunks().size());
    String key =
        ObjectKeys.batch(
            objects.keyPrefix(),
            batch.project(),
            batch.sessionId(),
            batch.windowId(),
            batch.seq(),
            batch.chunks().get(0).firstTimestamp());
    for (Chunk chunk : batch.chunks()) {
      ranges.add(new ObjectRange(key, bytes.size(), chunk.data().length, chunk.data()[0]));
      bytes.writeBytes(chunk.data());
    }
    objects.put(key, bytes.toByteArray());
    // A failure of the transaction itself leaves the object to the orphan sweep: a commit whose
    // answer was lost may have stored rows that point at it.
    WriteResult result =
        JdbcBatchWriter.write(sql, batch, limits, c -> ChunkRows.insert(c, batch, ranges));
    if (result.duplicate() || result.limitReached() != null) {
      discard(key);
    }
    return result;
  }

  /**
   * Deletes an object that no committed row points at; the orphan sweep gets it when this fails.
   */
  private void discard(String key) {
    try {
      objects.delete(List.of(key));
    } catch (StorageException e) {
      LOG.warn("Could not delete unused object {}; the orphan sweep will", key, e);
    }
  }
}
