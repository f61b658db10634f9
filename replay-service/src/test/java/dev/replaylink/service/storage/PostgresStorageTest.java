package dev.replaylink.service.storage;

import dev.replaylink.testsupport.PostgresSchemaExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage suites on the real PostgreSQL, in a fresh schema dropped afterwards. */
class PostgresStorageTest extends JdbcStorageSuites {
  @RegisterExtension
  static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension("rl_storage");

  @BeforeAll
  static void startPostgres() {
    start(StorageBackend.on(POSTGRES.schema()));
  }
}
