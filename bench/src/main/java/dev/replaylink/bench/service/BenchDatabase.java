package dev.replaylink.bench.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh, empty database for one run: an H2 file database in a new directory, or a PostgreSQL
 * database {@code rl_bench} on 127.0.0.1:5432 (dropped and recreated). The service migrates it on
 * start. {@code REPLAYLINK_BENCH_DB} names another database (and H2 directory), so two runs on one
 * machine do not drop each other's data.
 */
public record BenchDatabase(String kind, String url, String user, String password) {
  static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  static final String PG_DB = System.getenv().getOrDefault("REPLAYLINK_BENCH_DB", "rl_bench");

  public static BenchDatabase fresh(String kind) {
    return fresh(kind, "");
  }

  /**
   * A fresh database of its own beside the main one ({@code suffix} "" is the main one), for a
   * baseline run alongside the service.
   */
  public static BenchDatabase fresh(String kind, String suffix) {
    return switch (kind) {
      case "h2" -> freshH2(suffix);
      case "pg" -> freshPostgres(suffix);
      default -> throw new IllegalArgumentException("--db must be h2, pg or both; got " + kind);
    };
  }

  private static BenchDatabase freshH2(String suffix) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), PG_DB + "-h2" + suffix);
    deleteTree(dir);
    return new BenchDatabase(
        "h2", "jdbc:h2:file:" + dir.resolve("replaylink") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
  }

  private static BenchDatabase freshPostgres(String suffix) {
    String name = PG_DB + suffix.replace('-', '_');
    try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at 127.0.0.1:5432 (user postgres) is needed for --db pg", e);
    }
    return new BenchDatabase("pg", "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "");
  }

  /**
   * A connection for seeding or baselines; for H2 only while the service is stopped (file lock).
   */
  Connection connect() throws SQLException {
    String jdbc = kind.equals("pg") ? url + "?reWriteBatchedInserts=true" : url;
    return DriverManager.getConnection(jdbc, user, password);
  }

  public String label() {
    return kind.equals("h2") ? "H2 (file)" : "PostgreSQL";
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
