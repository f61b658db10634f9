package dev.replaylink.service.storage;

import org.junit.jupiter.api.BeforeAll;

/** The storage suites on the real PostgreSQL, in a fresh schema dropped afterwards. */
class PostgresStorageTest extends JdbcStorageSuites {
  @BeforeAll
  static void startPostgres() {
    start(StorageBackend.postgres("rl_storage"));
  }
}
