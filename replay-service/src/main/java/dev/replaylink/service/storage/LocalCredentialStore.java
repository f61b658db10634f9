package dev.replaylink.service.storage;

import java.util.function.Supplier;

/**
 * Local-development credentials (table {@code rl_local_credentials}): secrets generated once and
 * kept, so that a restart, or another instance, uses the same ones. Thread-safe; blocks on the
 * database and throws {@link StorageException} when it fails.
 */
public interface LocalCredentialStore {

  /**
   * The stored secret of that name; when there is none, stores {@code newSecret} and returns it.
   * Concurrent first calls, from any number of instances, all return the one secret that was
   * stored.
   */
  String secret(String name, Supplier<String> newSecret, long now);
}
