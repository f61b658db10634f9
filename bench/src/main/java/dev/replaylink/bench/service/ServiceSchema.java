package dev.replaylink.bench.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The service's own Flyway migrations, read from its jar and applied in version order, for
 * baselines that must write the same tables without running the service.
 */
final class ServiceSchema {
  private ServiceSchema() {}

  static void apply(Path serviceJar, Connection c) throws IOException, SQLException {
    try (JarFile jar = new JarFile(serviceJar.toFile())) {
      List<JarEntry> migrations = new ArrayList<>();
      jar.stream()
          .filter(e -> e.getName().matches("db/migration/V\\d+__.*\\.sql"))
          .forEach(migrations::add);
      migrations.sort(
          Comparator.comparingInt(
              e -> Integer.parseInt(e.getName().replaceAll("db/migration/V(\\d+)__.*", "$1"))));
      for (JarEntry entry : migrations) {
        String sql = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        try (Statement s = c.createStatement()) {
          for (String statement : sql.replaceAll("(?m)--.*$", "").split(";")) {
            if (!statement.isBlank()) {
              s.execute(statement);
            }
          }
        }
      }
    }
  }
}
