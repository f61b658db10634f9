package dev.replaylink.service.auth;

import dev.replaylink.service.storage.StorageException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Local-development credentials, generated once and kept in the database so that a restart keeps
 * the ingest key a test page already uses. Used only for what is not configured.
 */
@Singleton
public final class LocalDefaults {
  public static final String DEFAULT_PROJECT = "default";
  static final String INGEST_KEY = "default-project-ingest-key";
  static final String ADMIN_TOKEN = "default-admin-token";

  private final DataSource dataSource;

  LocalDefaults(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Returns the stored secret of that name, creating it when missing (safe with several instances). */
  String secret(String name, String prefix) {
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM rl_local_credentials WHERE name = ?")) {
          ps.setString(1, name);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              return rs.getString(1);
            }
          }
        }
        String secret = Secrets.random(prefix, 24);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rl_local_credentials (name, secret, created_at) VALUES (?,?,?)")) {
          ps.setString(1, name);
          ps.setString(2, secret);
          ps.setLong(3, System.currentTimeMillis());
          ps.executeUpdate();
          return secret;
        } catch (SQLException e) {
          if (!"23505".equals(e.getSQLState())) {
            throw e;
          }
        }
      } catch (SQLException e) {
        throw new StorageException("Could not read local credentials", e);
      }
    }
    throw new IllegalStateException("Could not create local credential " + name);
  }
}
