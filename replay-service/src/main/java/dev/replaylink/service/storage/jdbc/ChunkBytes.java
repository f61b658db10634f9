package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.ChunkCodec.Block;
import dev.replaylink.service.storage.ChunkCodec.BlockMember;
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
 * a time.
 *
 * <p>A chunk in a block ({@link ChunkCodec} formats 3 and 4) yields its own events only: the block
 * is decoded once and kept while the read goes on through its members; a read that starts at a
 * member fetches the block's chunk through {@link BlockHeads}. Not thread-safe: one per read.
 */
final class ChunkBytes {
  /** Most bytes fetched and held by one request; a longer run of ranges takes several. */
  static final int MAX_FETCH = 8 * 1024 * 1024;

  static final String COLUMNS = "payload, object_key, byte_offset, byte_length, seq, part";

  /** The bytes of the window's chunk that holds a block, for a read that starts after it. */
  interface BlockHeads {
    byte[] read(long seq, int part);
  }

  private record Pending(int offset, int length, long seq, int part) {}

  private final ObjectStore objects;
  private final EventSink sink;
  private final BlockHeads heads;
  private final List<Pending> pending = new ArrayList<>();
  private String pendingKey;
  private long pendingStart;
  private long pendingEnd;
  private Block block;
  private long blockSeq;
  private int blockPart;

  /**
   * @param objects the object store, or null when the service keeps recordings in the database
   * @param heads reads a block's chunk of the window being read
   */
  ChunkBytes(ObjectStore objects, EventSink sink, BlockHeads heads) {
    this.objects = objects;
    this.sink = sink;
    this.heads = heads;
  }

  /** The chunk of the current row (columns {@link #COLUMNS} from {@code first}). */
  void add(ResultSet rs, int first) throws SQLException {
    byte[] payload = rs.getBytes(first);
    long seq = rs.getLong(first + 4);
    int part = rs.getInt(first + 5);
    if (payload != null) {
      flush();
      emit(payload, seq, part);
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
    pending.add(new Pending((int) (offset - pendingStart), length, seq, part));
    pendingEnd = offset + length;
  }

  /** Fetches and hands on what is pending; call once after the last row. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    byte[] range = objects.read(pendingKey, pendingStart, (int) (pendingEnd - pendingStart));
    List<Pending> parts = List.copyOf(pending);
    pending.clear();
    pendingKey = null;
    for (Pending p : parts) {
      emit(Arrays.copyOfRange(range, p.offset(), p.offset() + p.length()), p.seq(), p.part());
    }
  }

  private void emit(byte[] bytes, long seq, int part) {
    int format = ChunkCodec.format(bytes);
    if (ChunkCodec.isMember(bytes)) {
      BlockMember m = ChunkCodec.member(bytes);
      Block b = block(m.seq(), m.part());
      if (m.start() + m.count() > b.events().size()) {
        throw new StorageException(
            "Block member " + seq + "/" + part + " reaches past its block " + m, null);
      }
      sink.chunk(b.events().subList(m.start(), m.start() + m.count()));
    } else if (ChunkCodec.inBlock(format)) {
      keep(ChunkCodec.block(bytes), seq, part);
      sink.chunk(block.events().subList(0, block.own()));
    } else {
      sink.chunk(ChunkCodec.decode(bytes));
    }
  }

  private Block block(long seq, int part) {
    if (block == null || blockSeq != seq || blockPart != part) {
      keep(ChunkCodec.block(heads.read(seq, part)), seq, part);
    }
    return block;
  }

  private void keep(Block b, long seq, int part) {
    block = b;
    blockSeq = seq;
    blockPart = part;
  }
}
