package dev.replaylink.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.opentest4j.TestAbortedException;

/**
 * A fresh, empty schema on the test PostgreSQL ({@link PostgresSettings}); the service under test
 * migrates it with its own Flyway at start-up ({@link #serviceProperties()}). {@link #close()}
 * drops it. For a whole test class use {@link PostgresSchemaExtension}; {@link #create(String)} is
 * for the one test that needs it.
 */
public final class PostgresSchema implements AutoCloseable {
  private final PostgresSettings settings;
  private final String name;

  private PostgresSchema(PostgresSettings settings, String name) {
    this.settings = settings;
    this.name = name;
  }

  /**
   * Creates a schema named {@code <prefix>_<random>}. Where PostgreSQL cannot be reached the
   * calling test is aborted (reported as skipped, with the reason), or fails when PostgreSQL is
   * required.
   */
  public static PostgresSchema create(String prefix) {
    PostgresSettings settings = PostgresSettings.fromSystem();
    String unreachable = unreachableReason(settings);
    if (unreachable != null) {
      if (settings.required()) {
        throw new IllegalStateException(unreachable);
      }
      throw new TestAbortedException(unreachable);
    }
    return create(settings, prefix);
  }

  static PostgresSchema create(PostgresSettings settings, String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(settings, "CREATE SCHEMA " + name);
    return new PostgresSchema(settings, name);
  }

  /** Null when a connection succeeds, else why not (URL and driver message), as a skip reason. */
  static String unreachableReason(PostgresSettings settings) {
    try (Connection ignored =
        DriverManager.getConnection(settings.url(), settings.connectionProperties())) {
      return null;
    } catch (SQLException e) {
      return "PostgreSQL not reachable at "
          + settings.url()
          + " (set "
          + PostgresSettings.PREFIX
          + "url or REPLAYLINK_TEST_PG_URL): "
          + e.getMessage();
    }
  }

  public String name() {
    return name;
  }

  /** The server's URL, without a schema. */
  public String serverUrl() {
    return settings.url();
  }

  public String user() {
    return settings.user();
  }

  public String password() {
    return settings.password();
  }

  /** A JDBC URL whose connections use this schema. */
  public String jdbcUrl() {
    return settings.url() + (settings.url().contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** A connection to this schema. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), settings.connectionProperties());
  }

  /** Micronaut properties for a service whose default data source is this schema. */
  public Map<String, String> serviceProperties() {
    return Map.of(
        "datasources.default.url", jdbcUrl(),
        "datasources.default.username", settings.user(),
        "datasources.default.password", settings.password(),
        "datasources.default.driver-class-name", "org.postgresql.Driver");
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    execute(settings, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  private static void execute(PostgresSettings settings, String sql) {
    try (Connection c =
            DriverManager.getConnection(settings.url(), settings.connectionProperties());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + settings.url(), e);
    }
  }
}
