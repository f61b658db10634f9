package dev.replaylink.service.storage.jdbc;

import javax.sql.DataSource;

/**
 * Steps of the JDBC backend that suites check on their own, where no store interface exposes them.
 */
public final class JdbcInternals {
  private JdbcInternals() {}

  /** Deletes the session if, once its row is locked, it still ended before {@code cutoff}. */
  public static boolean purgeSession(
      DataSource dataSource, String project, String sessionId, long cutoff) {
    return new JdbcDeletion(new Sql(dataSource)).purgeSession(project, sessionId, cutoff);
  }
}
