package dev.replaylink.service.auth;

import dev.replaylink.service.storage.StorageException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Browser login sessions, stored in the database so that every instance behind a load balancer
 * knows them. The cookie holds a random ID; the row holds the token's name, never the token.
 */
@Singleton
public final class UiSessions {
  public static final String COOKIE = "rl_session";
  public static final Duration LIFETIME = Duration.ofHours(12);

  private final DataSource dataSource;

  UiSessions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public String create(String tokenName) {
    String id = Secrets.random("", 32);
    long now = System.currentTimeMillis();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO rl_ui_sessions (id, token_name, created_at, expires_at) VALUES (?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, tokenName);
      ps.setLong(3, now);
      ps.setLong(4, now + LIFETIME.toMillis());
      ps.executeUpdate();
      return id;
    } catch (SQLException e) {
      throw new StorageException("Could not create login session", e);
    }
  }

  /** The token name of a live session. */
  public Optional<String> tokenName(String id) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT token_name FROM rl_ui_sessions WHERE id = ? AND expires_at > ?")) {
      ps.setString(1, id);
      ps.setLong(2, System.currentTimeMillis());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("Could not read login session", e);
    }
  }

  public void delete(String id) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM rl_ui_sessions WHERE id = ? OR expires_at < ?")) {
      ps.setString(1, id);
      ps.setLong(2, System.currentTimeMillis());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not delete login session", e);
    }
  }
}
