package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.EventSink;
import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hands a read's chunks to the sink in order, whichever store holds their bytes: a row's payload,
 * or a byte range of an object. Ranges of one object that follow each other are fetched with one
 * ranged GET (a compacted window is one object whose blocks are in reading order, so a read from a
 * checkout to the window's end is one request for exactly those bytes), up to {@link #MAX_FETCH} at
 * a time. Not thread-safe: one per read.
 */
final class ChunkBytes {
  /** Most bytes fetched and held by one request; a longer run of ranges takes several. */
  static final int MAX_FETCH = 8 * 1024 * 1024;

  static final String COLUMNS = "payload, object_key, byte_offset, byte_length";

  private final ObjectStore objects;
  private final EventSink sink;
  private final List<int[]> pending = new ArrayList<>();
  private String pendingKey;
  private long pendingStart;
  private long pendingEnd;

  /**
   * @param objects the object store, or null when the service keeps recordings in the database
   */
  ChunkBytes(ObjectStore objects, EventSink sink) {
    this.objects = objects;
    this.sink = sink;
  }

  /** The chunk of the current row (columns {@link #COLUMNS} from {@code first}). */
  void add(ResultSet rs, int first) throws SQLException {
    byte[] payload = rs.getBytes(first);
    if (payload != null) {
      flush();
      sink.chunk(ChunkCodec.decode(payload));
      return;
    }
    String key = rs.getString(first + 1);
    long offset = rs.getLong(first + 2);
    int length = rs.getInt(first + 3);
    if (objects == null) {
      throw new StorageException(
          "A chunk is in the object store ("
              + key
              + ") but replaylink.storage.recordings.type is database",
          null);
    }
    if (!key.equals(pendingKey)
        || offset != pendingEnd
        || pendingEnd - pendingStart + length > MAX_FETCH) {
      flush();
      pendingKey = key;
      pendingStart = offset;
      pendingEnd = offset;
    }
    pending.add(new int[] {(int) (offset - pendingStart), length});
    pendingEnd = offset + length;
  }

  /** Fetches and hands on what is pending; call once after the last row. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    byte[] range = objects.read(pendingKey, pendingStart, (int) (pendingEnd - pendingStart));
    List<int[]> parts = List.copyOf(pending);
    pending.clear();
    pendingKey = null;
    for (int[] p : parts) {
      sink.chunk(ChunkCodec.decode(Arrays.copyOfRange(range, p[0], p[0] + p[1])));
    }
  }
}
