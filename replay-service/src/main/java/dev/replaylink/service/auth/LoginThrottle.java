package dev.replaylink.service.auth;

import dev.replaylink.service.storage.StorageException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Limits failed sign-ins: {@link #MAX_FAILURES_PER_CLIENT} per client address and
 * {@link #MAX_FAILURES_TOTAL} in all within {@link #WINDOW_MS}. The failures are kept in the shared
 * database (table {@code rl_login_failures}), so the limits hold across all instances; the client
 * address comes from {@link ClientAddress} (the forwarded address behind a trusted proxy).
 * Sign-in is not a hot path: each check is two indexed counts. Thread-safe; blocks on the database
 * and throws {@link StorageException} when it fails.
 */
@Singleton
public final class LoginThrottle {
  public static final int MAX_FAILURES_PER_CLIENT = 10;
  public static final int MAX_FAILURES_TOTAL = 200;
  public static final long WINDOW_MS = 5 * 60_000L;

  private final DataSource dataSource;
  private final LongSupplier clock;

  @Inject
  public LoginThrottle(DataSource dataSource) {
    this(dataSource, System::currentTimeMillis);
  }

  LoginThrottle(DataSource dataSource, LongSupplier clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Whether this client may try to sign in now. */
  public boolean allowed(String client) {
    long since = clock.getAsLong() - WINDOW_MS;
    try (Connection c = dataSource.getConnection()) {
      if (count(c, "SELECT COUNT(*) FROM rl_login_failures WHERE failed_at > ?", null, since) >= MAX_FAILURES_TOTAL) {
        return false;
      }
      return count(c, "SELECT COUNT(*) FROM rl_login_failures WHERE client = ? AND failed_at > ?", client, since) < MAX_FAILURES_PER_CLIENT;
    } catch (SQLException e) {
      throw new StorageException("Could not read failed sign-ins", e);
    }
  }

  public void failed(String client) {
    long now = clock.getAsLong();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO rl_login_failures (client, failed_at) VALUES (?,?)")) {
        ps.setString(1, client);
        ps.setLong(2, now);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM rl_login_failures WHERE failed_at < ?")) {
        ps.setLong(1, now - WINDOW_MS);
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new StorageException("Could not record a failed sign-in", e);
    }
  }

  public void succeeded(String client) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM rl_login_failures WHERE client = ?")) {
      ps.setString(1, client);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not clear failed sign-ins", e);
    }
  }

  private static long count(Connection c, String sql, String client, long since) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (client != null) {
        ps.setString(i++, client);
      }
      ps.setLong(i, since);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
