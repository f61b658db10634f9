package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.RateWindowStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code rl_rate_windows} table. A claim is one conditional UPDATE, or the INSERT that opens
 * the window, so concurrent claims from any number of instances never take the total past the
 * limit.
 */
final class JdbcRateWindows implements RateWindowStore {
  private final Sql sql;

  JdbcRateWindows(Sql sql) {
    this.sql = sql;
  }

  @Override
  public int claim(String name, long window, int wanted, int limit) {
    return sql.connection(
        "claim rate-limit tokens",
        c -> {
          if (add(c, name, window, wanted, limit)) {
            return wanted;
          }
          if (wanted <= limit) {
            try {
              Sql.update(
                  c,
                  "INSERT INTO rl_rate_windows (name, window_start, claimed) VALUES (?,?,?)",
                  name,
                  window,
                  wanted);
              return wanted;
            } catch (SQLException e) {
              if (!Sql.isUniqueViolation(e)) {
                throw e;
              }
            }
            // another instance opened the window meanwhile
            if (add(c, name, window, wanted, limit)) {
              return wanted;
            }
          }
          return wanted > 1 && add(c, name, window, 1, limit) ? 1 : 0;
        });
  }

  private static boolean add(Connection c, String name, long window, int n, int limit)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE rl_rate_windows SET claimed = claimed + ? WHERE name = ? AND window_start = ? AND claimed <= ?",
            n,
            name,
            window,
            limit - n)
        == 1;
  }

  @Override
  public int sweep(long window) {
    return sql.connection(
        "delete old rate-limit windows",
        c -> Sql.update(c, "DELETE FROM rl_rate_windows WHERE window_start < ?", window));
  }
}
