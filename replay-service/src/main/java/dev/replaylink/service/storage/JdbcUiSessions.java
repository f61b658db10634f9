package dev.replaylink.service.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code rl_ui_sessions} table: one row per browser login session. */
final class JdbcUiSessions implements UiSessionStore {
  private final DataSource dataSource;

  JdbcUiSessions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void create(String id, String tokenName, long createdAt, long expiresAt) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO rl_ui_sessions (id, token_name, created_at, expires_at) VALUES (?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, tokenName);
      ps.setLong(3, createdAt);
      ps.setLong(4, expiresAt);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not create login session", e);
    }
  }

  @Override
  public Optional<String> tokenName(String id, long now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT token_name FROM rl_ui_sessions WHERE id = ? AND expires_at > ?")) {
      ps.setString(1, id);
      ps.setLong(2, now);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("Could not read login session", e);
    }
  }

  @Override
  public void delete(String id, long now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM rl_ui_sessions WHERE id = ? OR expires_at < ?")) {
      ps.setString(1, id);
      ps.setLong(2, now);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not delete login session", e);
    }
  }
}
