package dev.replaylink.service.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The {@code rl_login_failures} table: one row per failed sign-in; each count is one indexed query. */
final class JdbcLoginFailures implements LoginFailureStore {
  private final DataSource dataSource;

  JdbcLoginFailures(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void add(String client, long failedAt) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO rl_login_failures (client, failed_at) VALUES (?,?)")) {
      ps.setString(1, client);
      ps.setLong(2, failedAt);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not record a failed sign-in", e);
    }
  }

  @Override
  public long countSince(long since) {
    return count("SELECT COUNT(*) FROM rl_login_failures WHERE failed_at > ?", null, since);
  }

  @Override
  public long countSince(String client, long since) {
    return count("SELECT COUNT(*) FROM rl_login_failures WHERE client = ? AND failed_at > ?", client, since);
  }

  @Override
  public void clear(String client) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM rl_login_failures WHERE client = ?")) {
      ps.setString(1, client);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not clear failed sign-ins", e);
    }
  }

  @Override
  public int deleteBefore(long before) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM rl_login_failures WHERE failed_at < ?")) {
      ps.setLong(1, before);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not delete old failed sign-ins", e);
    }
  }

  private long count(String sql, String client, long since) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (client != null) {
        ps.setString(i++, client);
      }
      ps.setLong(i, since);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StorageException("Could not read failed sign-ins", e);
    }
  }
}
