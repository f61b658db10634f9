package dev.replaylink.service.storage;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A bucket of an S3-compatible object store holding recording chunks, by key. Every call blocks for
 * at most the store's timeout and throws {@link StorageException} when the store fails (down, slow,
 * access denied), having changed nothing it reports as done. Thread-safe.
 */
public interface ObjectStore extends AutoCloseable {

  /**
   * Stores the bytes under the key, replacing nothing that a reader relies on (keys are never
   * reused).
   */
  void put(String key, byte[] bytes);

  /** {@code length} bytes of the object from {@code offset}, by a ranged GET. */
  byte[] read(String key, long offset, int length);

  /**
   * {@link #read} on the store's own threads, so that a reader can have the next ranges fetched
   * while it decodes the first. The future fails with the {@link StorageException} {@code read}
   * would throw. This default reads at once, in the caller's thread.
   */
  default CompletableFuture<byte[]> readAhead(String key, long offset, int length) {
    try {
      return CompletableFuture.completedFuture(read(key, offset, length));
    } catch (StorageException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Deletes the objects (a missing one is not an error), in requests of up to 1,000 keys. */
  void delete(Collection<String> keys);

  /**
   * Up to {@code limit} objects whose keys start with {@code prefix}, in key order, after {@code
   * startAfter} (null = from the first). Some stores also list folder entries (keys ending in
   * {@code /}); no object of the service's ends so.
   */
  List<StoredObject> list(String prefix, String startAfter, int limit);

  /** The prefix every key of this store starts with: empty, or ending in {@code /}. */
  String keyPrefix();

  /** Verifies that the bucket answers; throws {@link StorageException} when it does not. */
  void check();

  @Override
  void close();

  /** A listed object: its key and when it was written (epoch ms). */
  record StoredObject(String key, long lastModified) {}
}
