package dev.replaylink.service.storage;

import org.junit.jupiter.api.BeforeAll;

/**
 * The storage suites on the embedded default: H2 (in memory here; a file under ./data in service).
 */
class H2StorageTest extends JdbcStorageSuites {
  @BeforeAll
  static void startH2() {
    start(StorageBackend.h2());
  }
}
