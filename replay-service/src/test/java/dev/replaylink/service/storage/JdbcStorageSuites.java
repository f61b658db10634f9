package dev.replaylink.service.storage;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/** The storage suites plus the checks of the JDBC tables, on a {@link StorageBackend}. */
public abstract class JdbcStorageSuites extends StorageSuites {
  private static StorageBackend backend;

  /** Starts the backend of this test class (called from its {@code @BeforeAll}). */
  protected static void start(StorageBackend started) {
    backend = started;
  }

  @AfterAll
  static void stop() {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  @Override
  protected StorageComponent backend() {
    return backend.storage();
  }

  @Nested
  class JdbcTables extends JdbcTablesSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }

    @Override
    protected DataSource dataSource() {
      return backend.dataSource();
    }
  }
}
