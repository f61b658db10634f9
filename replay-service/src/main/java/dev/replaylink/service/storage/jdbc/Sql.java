package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The one way this package runs SQL: transactions with retry, and query / single / update on a
 * connection. Every failure leaves as a {@link StorageException} naming what was being done.
 *
 * <p>Work joins the transaction of the Micronaut Data repositories when one is open on this thread
 * ({@code current} hands out its connection): then it runs on that connection, and committing,
 * rolling back and retrying are left to whoever opened it, so repositories and these statements
 * commit or roll back together. Otherwise it takes a connection of its own from the data source.
 */
final class Sql {
  /** How often a transaction is tried when it loses a race or is chosen as a deadlock victim. */
  static final int ATTEMPTS = 4;

  static final String UNIQUE_VIOLATION = "23505";

  /** H2's lock timeout; PostgreSQL reports serialization failures and deadlocks as class 40. */
  private static final String LOCK_TIMEOUT = "HYT00";

  private final DataSource dataSource;
  private final Supplier<Connection> current;

  /**
   * @param dataSource hands out connections of their own (not bound to a transaction)
   * @param current the connection of the transaction open on this thread, or null when there is
   *     none
   */
  Sql(DataSource dataSource, Supplier<Connection> current) {
    this.dataSource = dataSource;
    this.current = current;
  }

  /** A data source with no enclosing transactions (tests, tools). */
  Sql(DataSource dataSource) {
    this(dataSource, () -> null);
  }

  /**
   * The enclosing transaction's connection, or null when none is open (or it is in auto-commit
   * mode).
   */
  private Connection joined() throws SQLException {
    Connection c = current.get();
    return c != null && !c.getAutoCommit() ? c : null;
  }

  private Connection joinedOrNull(String what) {
    try {
      return joined();
    } catch (SQLException e) {
      throw new StorageException("Could not " + what, e);
    }
  }

  private <T> T inJoined(String what, Connection c, Work<T> work) {
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new StorageException("Could not " + what, e);
    }
  }

  /** Statements against one connection; an exception rolls back the transaction it runs in. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** One row of a result set as a value. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction, again (up to {@link #ATTEMPTS} times) when a concurrent
   * writer won a race on a unique key or the database chose it as a deadlock, serialization or lock
   * timeout victim. Runtime exceptions of the work roll back and pass through unchanged.
   */
  <T> T transaction(String what, Work<T> work) {
    Connection outer = joinedOrNull(what);
    if (outer != null) {
      return inJoined(what, outer, work);
    }
    SQLException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        return inTransaction(c, work);
      } catch (SQLException e) {
        last = e;
        if (!isTransient(e)) {
          break;
        }
      }
    }
    throw new StorageException("Could not " + what, last);
  }

  /** Runs {@code work} on a connection in auto-commit mode (reads, single statements); no retry. */
  <T> T connection(String what, Work<T> work) {
    Connection outer = joinedOrNull(what);
    if (outer != null) {
      return inJoined(what, outer, work);
    }
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StorageException("Could not " + what, e);
    }
  }

  /**
   * Runs a read whose rows are handed on as they come, in a read-only transaction: PostgreSQL only
   * fetches a result in parts (see {@link PreparedStatement#setFetchSize}) outside auto-commit. Not
   * retried, since what was handed on cannot be taken back.
   */
  <T> T streaming(String what, Work<T> work) {
    Connection outer = joinedOrNull(what);
    if (outer != null) {
      return inJoined(what, outer, work);
    }
    try (Connection c = dataSource.getConnection()) {
      return inTransaction(c, work);
    } catch (SQLException e) {
      throw new StorageException("Could not " + what, e);
    }
  }

  /** Commits the work, or rolls it back on any exception. */
  private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  static <T> List<T> query(Connection c, String sql, List<?> args, Row<T> row) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return out;
    }
  }

  /** The first row, or null when there is none. */
  static <T> T single(Connection c, String sql, List<?> args, Row<T> row) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? row.map(rs) : null;
    }
  }

  /** A {@code COUNT}, {@code SUM} or other single number. */
  static long number(Connection c, String sql, List<?> args) throws SQLException {
    Long n = single(c, sql, args, rs -> rs.getLong(1));
    return n == null ? 0 : n;
  }

  /**
   * @return the update count
   */
  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, Arrays.asList(args))) {
      return ps.executeUpdate();
    }
  }

  static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  /** {@code "?,?,?"} for {@code n} parameters. */
  static String placeholders(int n) {
    return n == 0 ? "" : "?" + ",?".repeat(n - 1);
  }

  /**
   * {@code column IN (?,…)} with the values added to {@code args}; a condition that is false for no
   * values.
   */
  static String in(String column, Collection<?> values, List<Object> args) {
    if (values.isEmpty()) {
      return "1 = 0";
    }
    args.addAll(values);
    return column + " IN (" + placeholders(values.size()) + ")";
  }

  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return isUniqueViolation(e)
        || (state != null && (state.startsWith("40") || state.equals(LOCK_TIMEOUT)));
  }
}
