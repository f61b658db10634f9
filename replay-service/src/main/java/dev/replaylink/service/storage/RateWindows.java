package dev.replaylink.service.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Rate-limit windows shared by all instances (table {@code rl_rate_windows}): per name (an ingest key,
 * a session) and one-second window, how many tokens the instances have claimed in all. A claim is one
 * conditional UPDATE, or the INSERT that opens the window, so concurrent claims from any number of
 * instances never take the total past the limit. Thread-safe; blocks on the database.
 */
final class RateWindows implements RateWindowStore {
  private final DataSource dataSource;

  RateWindows(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public int claim(String name, long window, int wanted, int limit) {
    try (Connection c = dataSource.getConnection()) {
      if (add(c, name, window, wanted, limit)) {
        return wanted;
      }
      if (wanted <= limit) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rl_rate_windows (name, window_start, claimed) VALUES (?,?,?)")) {
          ps.setString(1, name);
          ps.setLong(2, window);
          ps.setInt(3, wanted);
          ps.executeUpdate();
          return wanted;
        } catch (SQLException e) {
          if (!JdbcStorage.isUniqueViolation(e)) {
            throw e;
          }
        }
        // another instance opened the window meanwhile
        if (add(c, name, window, wanted, limit)) {
          return wanted;
        }
      }
      return wanted > 1 && add(c, name, window, 1, limit) ? 1 : 0;
    } catch (SQLException e) {
      throw new StorageException("Could not claim rate-limit tokens", e);
    }
  }

  private static boolean add(Connection c, String name, long window, int n, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE rl_rate_windows SET claimed = claimed + ? WHERE name = ? AND window_start = ? AND claimed <= ?")) {
      ps.setInt(1, n);
      ps.setString(2, name);
      ps.setLong(3, window);
      ps.setInt(4, limit - n);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public int sweep(long window) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM rl_rate_windows WHERE window_start < ?")) {
      ps.setLong(1, window);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not delete old rate-limit windows", e);
    }
  }
}
