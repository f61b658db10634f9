package dev.replaylink.service;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh schema on the test PostgreSQL (127.0.0.1:5432, database {@code test}; override with
 * REPLAYLINK_TEST_PG_URL / _USER / _PASSWORD) for a service under test: {@link #serviceProperties()}
 * points the default data source at it, Flyway creates the tables at start-up. When the server
 * cannot be reached the test fails, unless REPLAYLINK_TEST_PG_OPTIONAL=true (then it is skipped
 * with the reason).
 */
public final class PostgresSchema implements AutoCloseable {
  public static final String URL = env("REPLAYLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER = env("REPLAYLINK_TEST_PG_USER", "postgres");
  public static final String PASSWORD = env("REPLAYLINK_TEST_PG_PASSWORD", "");

  private final String name;

  private PostgresSchema(String name) {
    this.name = name;
  }

  /** Creates a schema named {@code <prefix>_<random>}. */
  public static PostgresSchema create(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      assumeTrue("true".equals(System.getenv("REPLAYLINK_TEST_PG_OPTIONAL")), "PostgreSQL not reachable at " + URL + ": " + e.getMessage());
      throw new IllegalStateException("PostgreSQL not reachable at " + URL, e);
    }
    return new PostgresSchema(name);
  }

  public String name() {
    return name;
  }

  /** A JDBC URL whose connections use this schema. */
  public String jdbcUrl() {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** Micronaut properties for a service whose database is this schema. */
  public Map<String, String> serviceProperties() {
    return Map.of(
        "datasources.default.url", jdbcUrl(),
        "datasources.default.username", USER,
        "datasources.default.password", PASSWORD,
        "datasources.default.driver-class-name", "org.postgresql.Driver");
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop schema " + name, e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
