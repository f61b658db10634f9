package dev.replaylink.service.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The {@code rl_local_credentials} table. The primary key on the name settles concurrent first calls:
 * the INSERT that loses reads back the secret of the one that won.
 */
final class JdbcLocalCredentials implements LocalCredentialStore {
  private static final int ATTEMPTS = 3;

  private final DataSource dataSource;

  JdbcLocalCredentials(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public String secret(String name, Supplier<String> newSecret, long now) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM rl_local_credentials WHERE name = ?")) {
          ps.setString(1, name);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              return rs.getString(1);
            }
          }
        }
        String secret = newSecret.get();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rl_local_credentials (name, secret, created_at) VALUES (?,?,?)")) {
          ps.setString(1, name);
          ps.setString(2, secret);
          ps.setLong(3, now);
          ps.executeUpdate();
          return secret;
        } catch (SQLException e) {
          if (!JdbcStorage.isUniqueViolation(e)) {
            throw e;
          }
          // another caller stored it meanwhile: read theirs
        }
      } catch (SQLException e) {
        throw new StorageException("Could not read local credentials", e);
      }
    }
    throw new IllegalStateException("Could not create local credential " + name);
  }
}
