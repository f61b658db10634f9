package dev.replaylink.service.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.replaylink.service.storage.ChunkCodec;
import dev.replaylink.service.storage.EventSink;
import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.StorageException;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChunkBytesTest {
  /**
   * Answers no fetch until {@code together} are under way, then all at once, last first: a reader
   * that waited for each range before asking for the next would never get the first.
   */
  private static final class HeldBack implements ObjectStore {
    final Map<String, byte[]> objects = new HashMap<>();
    final List<CompletableFuture<byte[]>> waiting = new ArrayList<>();
    final List<byte[]> answers = new ArrayList<>();
    final int together;
    int requests;

    HeldBack(int together) {
      this.together = together;
    }

    @Override
    public synchronized CompletableFuture<byte[]> readAhead(String key, long offset, int length) {
      requests++;
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      try {
        answers.add(read(key, offset, length));
      } catch (StorageException e) {
        f.completeExceptionally(e); // as S3ObjectStore's: the failure comes with the future
        return f;
      }
      waiting.add(f);
      if (waiting.size() == together) {
        for (int i = waiting.size() - 1; i >= 0; i--) {
          waiting.get(i).complete(answers.get(i));
        }
        waiting.clear();
        answers.clear();
      }
      return f;
    }

    @Override
    public byte[] read(String key, long offset, int length) {
      byte[] all = objects.get(key);
      if (all == null) {
        throw new StorageException("no object " + key, null);
      }
      return java.util.Arrays.copyOfRange(all, (int) offset, (int) offset + length);
    }

    @Override
    public void put(String key, byte[] bytes) {
      objects.put(key, bytes);
    }

    @Override
    public void delete(Collection<String> keys) {}

    @Override
    public List<StoredObject> list(String prefix, String startAfter, int limit) {
      return List.of();
    }

    @Override
    public String keyPrefix() {
      return "";
    }

    @Override
    public void check() {}

    @Override
    public void close() {}
  }

  /** One chunk row: payload null, the object key, offset, length, seq and part 0. */
  private static ResultSet row(String key, long offset, int length) {
    return (ResultSet)
        Proxy.newProxyInstance(
            ResultSet.class.getClassLoader(),
            new Class<?>[] {ResultSet.class},
            (proxy, method, args) ->
                switch (method.getName() + args[0]) {
                  case "getBytes1" -> null;
                  case "getString2" -> key;
                  case "getLong3" -> offset;
                  case "getInt4" -> length;
                  case "getLong5" -> 0L; // seq and part: only read for chunks in blocks
                  case "getInt6" -> 0;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  /** These reads hold no chunk in a block. */
  private static final ChunkBytes.BlockHeads NO_BLOCKS =
      (seq, part) -> {
        throw new AssertionError("no block in this read");
      };

  private static final class Collect implements EventSink {
    final List<String> events = new ArrayList<>();

    @Override
    public void start(String windowId, long lastTimestamp) {}

    @Override
    public void chunk(List<String> chunk) {
      events.addAll(chunk);
    }
  }

  @Test
  void rangesOfDifferentObjectsAreFetchedTogetherAndHandedOnInReadingOrder() {
    HeldBack store = new HeldBack(ChunkBytes.READ_AHEAD);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < ChunkBytes.READ_AHEAD; i++) {
      String event = "{\"n\":" + i + "}";
      expected.add(event);
      store.put("batch-" + i, ChunkCodec.encode(List.of(event)));
    }
    Collect sink = new Collect();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          ChunkBytes bytes = new ChunkBytes(store, sink, NO_BLOCKS);
          for (int i = 0; i < ChunkBytes.READ_AHEAD; i++) {
            bytes.add(row("batch-" + i, 0, store.objects.get("batch-" + i).length), 1);
          }
          bytes.flush();
        });
    assertEquals(expected, sink.events);
    assertEquals(ChunkBytes.READ_AHEAD, store.requests);
  }

  @Test
  void adjacentRangesOfOneObjectAreOneFetch() throws Exception {
    HeldBack store = new HeldBack(1);
    byte[] a = ChunkCodec.encode(List.of("{\"a\":1}"));
    byte[] b = ChunkCodec.encode(List.of("{\"b\":2}"));
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    store.put("window", both);
    Collect sink = new Collect();
    ChunkBytes bytes = new ChunkBytes(store, sink, NO_BLOCKS);
    bytes.add(row("window", 0, a.length), 1);
    bytes.add(row("window", a.length, b.length), 1);
    bytes.flush();
    assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), sink.events);
    assertEquals(1, store.requests);
  }

  @Test
  void aFailedFetchFailsTheReadWithTheStoresException() throws Exception {
    HeldBack store = new HeldBack(1);
    store.put("there", ChunkCodec.encode(List.of("{}")));
    ChunkBytes bytes = new ChunkBytes(store, new Collect(), NO_BLOCKS);
    bytes.add(row("there", 0, store.objects.get("there").length), 1);
    bytes.add(row("missing", 0, 10), 1);
    assertThrows(StorageException.class, bytes::flush);
  }
}
