package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.ChunkCodec.Block;
import dev.replaylink.service.storage.ChunkCodec.BlockMember;
import dev.replaylink.service.storage.EventSink;
import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Hands a read's chunks to the sink in order, whichever store holds their bytes: a row's payload,
 * or a byte range of an object. Ranges of one object that follow each other are fetched with one
 * ranged GET (a compacted window is one object whose blocks are in reading order, so a read from a
 * checkout to the window's end is one request for exactly those bytes), up to {@link #MAX_FETCH} at
 * a time. Ranges of different objects (a window not compacted yet: one object per ingest batch) are
 * fetched {@link #READ_AHEAD} at a time while the earlier ones are decoded, instead of one round
 * trip after the other; at most {@link #MAX_AHEAD_BYTES} are held ahead of the sink.
 *
 * <p>A chunk in a block ({@link ChunkCodec} formats 3 and 4) yields its own events only: the block
 * is decoded once and kept while the read goes on through its members; a read that starts at a
 * member fetches the block's chunk through {@link BlockHeads}. Not thread-safe: one per read.
 */
final class ChunkBytes {
  /** Most bytes fetched and held by one request; a longer run of ranges takes several. */
  static final int MAX_FETCH = 8 * 1024 * 1024;

  /** Ranged GETs one read keeps in flight ahead of the chunk it is handing on. */
  static final int READ_AHEAD = 8;

  /** Most bytes of fetched or pending ranges one read holds ahead of the sink. */
  static final long MAX_AHEAD_BYTES = 2L * MAX_FETCH;

  static final String COLUMNS = "payload, object_key, byte_offset, byte_length, seq, part";

  /** The bytes of the window's chunk that holds a block, for a read that starts after it. */
  interface BlockHeads {
    byte[] read(long seq, int part);
  }

  /** Where one chunk is in its fetch, and which chunk it is. */
  private record Part(int offset, int length, long seq, int part) {}

  private final ObjectStore objects;
  private final EventSink sink;
  private final BlockHeads heads;

  /** Fetches under way and payloads behind them, in reading order. */
  private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();

  private long aheadBytes;
  private List<Part> run = new ArrayList<>();
  private String runKey;
  private long runStart;
  private long runEnd;
  private Block block;
  private long blockSeq;
  private int blockPart;
  private long fromSeq = Long.MIN_VALUE;
  private int fromPart;

  /**
   * @param objects the object store, or null when the service keeps recordings in the database
   * @param heads reads a block's chunk of the window being read
   */
  ChunkBytes(ObjectStore objects, EventSink sink, BlockHeads heads) {
    this.objects = objects;
    this.sink = sink;
    this.heads = heads;
  }

  /**
   * Hands on only the chunks from {@code (seq, part)} on: the rows before it are read for their
   * block only (a read that starts at a block member reads from its block, which in an object is
   * just before it: one ranged GET instead of two).
   */
  void handOnFrom(long seq, int part) {
    fromSeq = seq;
    fromPart = part;
  }

  /** The chunk of the current row (columns {@link #COLUMNS} from {@code first}). */
  void add(ResultSet rs, int first) throws SQLException {
    byte[] payload = rs.getBytes(first);
    long seq = rs.getLong(first + 4);
    int part = rs.getInt(first + 5);
    if (payload != null) {
      closeRun();
      if (ahead.isEmpty()) {
        emit(payload, seq, part);
      } else {
        enqueue(
            new Ahead(
                CompletableFuture.completedFuture(payload),
                List.of(new Part(0, payload.length, seq, part)),
                payload.length));
      }
      return;
    }
    String key = rs.getString(first + 1);
    long offset = rs.getLong(first + 2);
    int length = rs.getInt(first + 3);
    if (objects == null) {
      throw noObjectStore(key);
    }
    if (!key.equals(runKey) || offset != runEnd || runEnd - runStart + length > MAX_FETCH) {
      closeRun();
      runKey = key;
      runStart = offset;
      runEnd = offset;
    }
    run.add(new Part((int) (offset - runStart), length, seq, part));
    runEnd = offset + length;
  }

  /** A chunk of {@code key} found by a service that keeps recordings in the database only. */
  static StorageException noObjectStore(String key) {
    return new StorageException(
        "A chunk is in the object store ("
            + key
            + ") but replaylink.storage.recordings.type is database",
        null);
  }

  /** Fetches and hands on what is pending; call once after the last row. */
  void flush() {
    closeRun();
    while (!ahead.isEmpty()) {
      handOn(ahead.poll());
    }
  }

  /** Starts the ranged GET of the current run of adjacent ranges. */
  private void closeRun() {
    if (run.isEmpty()) {
      return;
    }
    int length = (int) (runEnd - runStart);
    CompletableFuture<byte[]> bytes = objects.readAhead(runKey, runStart, length);
    enqueue(new Ahead(bytes, run, length));
    run = new ArrayList<>();
    runKey = null;
  }

  private void enqueue(Ahead a) {
    ahead.add(a);
    aheadBytes += a.length;
    while (ahead.size() > READ_AHEAD || (ahead.size() > 1 && aheadBytes > MAX_AHEAD_BYTES)) {
      handOn(ahead.poll());
    }
  }

  private void handOn(Ahead a) {
    aheadBytes -= a.length;
    byte[] range;
    try {
      range = a.bytes.join();
    } catch (CompletionException e) {
      // the rest would fail the read anyway; let their threads go
      ahead.forEach(x -> x.bytes.cancel(false));
      ahead.clear();
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StorageException("Could not read from the object store", e.getCause());
    }
    for (Part p : a.parts) {
      emit(Arrays.copyOfRange(range, p.offset(), p.offset() + p.length()), p.seq(), p.part());
    }
  }

  private void emit(byte[] bytes, long seq, int part) {
    int format = ChunkCodec.format(bytes);
    if (seq < fromSeq || (seq == fromSeq && part < fromPart)) {
      if (ChunkCodec.inBlock(format) && !ChunkCodec.isMember(bytes)) {
        keep(ChunkCodec.block(bytes), seq, part);
      }
      return;
    }
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

  /** The bytes of one fetch and where its chunks are in them. */
  private record Ahead(CompletableFuture<byte[]> bytes, List<Part> parts, long length) {}
}
