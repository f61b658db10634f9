package dev.replaylink.service.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The storage contract on a real PostgreSQL (127.0.0.1:5432, database {@code test} by default;
 * override with REPLAYLINK_TEST_PG_URL / _USER). Each run gets a fresh schema, dropped afterwards.
 * When the server cannot be reached the suite fails, unless REPLAYLINK_TEST_PG_OPTIONAL=true, in
 * which case it is skipped with the reason.
 */
class PostgresStorageTest extends RecordingStorageContract implements AccessStoreContract, SpanStoreContract {
  static final String URL = env("REPLAYLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = env("REPLAYLINK_TEST_PG_USER", "postgres");
  private static final String SCHEMA = "rl_contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static PGSimpleDataSource dataSource;

  @BeforeAll
  static void createSchema() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, env("REPLAYLINK_TEST_PG_PASSWORD", ""));
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + SCHEMA);
    } catch (SQLException e) {
      assumeTrue("true".equals(System.getenv("REPLAYLINK_TEST_PG_OPTIONAL")), "PostgreSQL not reachable at " + URL + ": " + e.getMessage());
      throw e;
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(URL);
    ds.setUser(USER);
    ds.setPassword(env("REPLAYLINK_TEST_PG_PASSWORD", ""));
    ds.setCurrentSchema(SCHEMA);
    migrate(ds);
    dataSource = ds;
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    if (dataSource == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(URL, USER, env("REPLAYLINK_TEST_PG_PASSWORD", ""));
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
