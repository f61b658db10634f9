package dev.replaylink.service.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Storage on a relational database through plain JDBC (H2 and PostgreSQL, one schema created by
 * Flyway). Does no I/O at construction. The writer, the reader and the stores behind sign-in are
 * thread-safe.
 */
public final class JdbcStorage {
  private final JdbcRecordingWriter writer;
  private final JdbcRecordingReader reader;
  private final JdbcUiSessions uiSessions;
  private final JdbcLoginFailures loginFailures;
  private final JdbcLocalCredentials localCredentials;
  private final JdbcSpanStore spans;

  private JdbcStorage(DataSource dataSource) {
    this.writer = new JdbcRecordingWriter(dataSource);
    this.reader = new JdbcRecordingReader(dataSource);
    this.uiSessions = new JdbcUiSessions(dataSource);
    this.loginFailures = new JdbcLoginFailures(dataSource);
    this.localCredentials = new JdbcLocalCredentials(dataSource);
    this.spans = new JdbcSpanStore(dataSource);
  }

  public static JdbcStorage create(DataSource dataSource) {
    return new JdbcStorage(dataSource);
  }

  public RecordingWriter writer() {
    return writer;
  }

  public RecordingReader reader() {
    return reader;
  }

  public UiSessionStore uiSessions() {
    return uiSessions;
  }

  public LoginFailureStore loginFailures() {
    return loginFailures;
  }

  public LocalCredentialStore localCredentials() {
    return localCredentials;
  }

  public SpanStore spans() {
    return spans;
  }

  /** A unit of work in one transaction; rolled back on any exception. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  static final String UNIQUE_VIOLATION = "23505";

  static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }
}
