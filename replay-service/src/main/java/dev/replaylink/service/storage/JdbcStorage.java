package dev.replaylink.service.storage;

import dev.replaylink.service.model.StorageCounts;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Storage on a relational database through plain JDBC (H2 and PostgreSQL, one schema created by
 * Flyway). Does no I/O at construction; the data source is the caller's and stays open on close.
 */
public final class JdbcStorage implements StorageComponent {
  private final JdbcRecordingWriter writer;
  private final JdbcRecordingReader reader;
  private final JdbcMarkers markers;
  private final RateWindows rateWindows;
  private final JobLease jobLeases;
  private final JdbcUiSessions uiSessions;
  private final JdbcLoginFailures loginFailures;
  private final JdbcLocalCredentials localCredentials;

  private JdbcStorage(DataSource dataSource) {
    this.writer = new JdbcRecordingWriter(dataSource);
    this.reader = new JdbcRecordingReader(dataSource);
    this.markers = new JdbcMarkers(writer, reader);
    this.rateWindows = new RateWindows(dataSource);
    this.jobLeases = new JobLease(dataSource);
    this.uiSessions = new JdbcUiSessions(dataSource);
    this.loginFailures = new JdbcLoginFailures(dataSource);
    this.localCredentials = new JdbcLocalCredentials(dataSource);
  }

  public static JdbcStorage create(DataSource dataSource) {
    return new JdbcStorage(dataSource);
  }

  @Override
  public BatchWriter batches() {
    return writer;
  }

  @Override
  public EventReader events() {
    return reader;
  }

  @Override
  public SessionSearch sessions() {
    return reader;
  }

  @Override
  public InsightSearch insights() {
    return reader;
  }

  @Override
  public MarkerStore markers() {
    return markers;
  }

  @Override
  public DeletionStore deletion() {
    return writer;
  }

  @Override
  public CompactionStore compaction() {
    return writer;
  }

  @Override
  public PageStateStore pageStates() {
    return writer;
  }

  @Override
  public RateWindowStore rateWindows() {
    return rateWindows;
  }

  @Override
  public JobLeaseStore jobLeases() {
    return jobLeases;
  }

  @Override
  public UiSessionStore uiSessions() {
    return uiSessions;
  }

  @Override
  public LoginFailureStore loginFailures() {
    return loginFailures;
  }

  @Override
  public LocalCredentialStore localCredentials() {
    return localCredentials;
  }

  @Override
  public StorageCounts counts() {
    return reader.counts();
  }

  @Override
  public void check() {
    reader.check();
  }

  @Override
  public void close() {
    // nothing of its own: the data source belongs to the caller
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
