package dev.replaylink.service.storage;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on the embedded default: H2 (in memory here; a file under ./data in service). */
class H2StorageTest extends RecordingStorageContract implements AccessStoreContract, SpanStoreContract {
  private static DataSource dataSource;

  @BeforeAll
  static void createDatabase() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    migrate(ds);
    dataSource = ds;
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }
}
