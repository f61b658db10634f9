package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.storage.SessionSearch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Session search ({@link SessionFilters} builds the SQL) and lookup. Never writes. */
final class SelectSessions implements SessionSearch {
  /** Above this many sessions for one trace, search by trace ID joins in the database instead. */
  static final int MAX_TRACE_SESSIONS = 200;

  /** How far before a time window's start a search first looks for sessions still running in it. */
  static final long WINDOW_LOOKBACK_MS = 24L * 60 * 60 * 1000;

  private final Sql sql;

  SelectSessions(Sql sql) {
    this.sql = sql;
  }

  @Override
  public SessionPage searchSessions(SessionQuery q) {
    return sql.connection(
        "search sessions",
        c -> {
          if (q.traceId() != null) {
            List<String[]> linked = linkedSessions(c, q.projects(), q.traceId());
            if (linked.size() <= MAX_TRACE_SESSIONS) {
              return traceSessions(c, q, linked);
            }
          }
          if (q.from() != null && q.sort() == SessionQuery.Sort.STARTED_AT && !q.ascending()) {
            // Sessions overlapping [from, to] that started at most a day before `from` come first
            // in this
            // order; when there are enough of them, they are the page. Bounded on both sides, the
            // scan of
            // the started-at index stays within the window, where H2 would otherwise read every
            // older
            // session to find the few that are still running at `from`.
            List<SessionSummary> recent = search(c, q, q.from() - WINDOW_LOOKBACK_MS);
            if (recent.size() > q.limit()) {
              return page(q, recent);
            }
          }
          return page(q, search(c, q, null));
        });
  }

  @Override
  public Optional<SessionSummary> session(Collection<String> projects, String sessionId) {
    List<Object> args = new ArrayList<>();
    String in = Sql.in("s.project", projects, args);
    args.add(sessionId);
    return sql
        .connection(
            "read session",
            c ->
                Sql.query(
                    c,
                    "SELECT "
                        + SessionFilters.COLUMNS
                        + " FROM rl_sessions s WHERE "
                        + in
                        + " AND s.session_id = ? ORDER BY s.project",
                    args,
                    SessionFilters::summary))
        .stream()
        .findFirst();
  }

  /**
   * One page plus one row, in the query's order, of sessions that started at or after {@code
   * startedFrom} if given.
   */
  private static List<SessionSummary> search(Connection c, SessionQuery q, Long startedFrom)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    // The summary counts markers per row (pages, error clicks); both databases evaluate them for
    // every
    // row that matches before sorting, thousands for a time window. Unless the order needs them,
    // the
    // page is chosen first and only its rows are counted.
    boolean countsFirst =
        q.sort() == SessionQuery.Sort.FRUSTRATION || q.sort() == SessionQuery.Sort.PAGES;
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(countsFirst ? SessionFilters.COLUMNS : "s.*")
            .append(" FROM rl_sessions s WHERE ")
            .append(Sql.in("s.project", q.projects(), args));
    if (q.traceId() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM rl_trace_links t WHERE t.trace_id = ? AND t.project = s.project AND t.session_id = s.session_id)");
      args.add(q.traceId());
    }
    SessionFilters.append(q, sql, args);
    if (startedFrom != null) {
      sql.append(" AND s.started_at >= ?");
      args.add(startedFrom);
    }
    sql.append(SessionFilters.orderBy(q)).append(" LIMIT ?");
    args.add(q.limit() + 1);
    String page =
        countsFirst
            ? sql.toString()
            : "SELECT "
                + SessionFilters.COLUMNS
                + " FROM ("
                + sql
                + ") s"
                + SessionFilters.orderBy(q);
    return Sql.query(c, page, args, SessionFilters::summary);
  }

  /**
   * The sessions a trace links to, at most {@link #MAX_TRACE_SESSIONS} + 1. A trace usually links
   * one session; the index on trace ID finds them directly.
   */
  private static List<String[]> linkedSessions(
      Connection c, Collection<String> projects, String traceId) throws SQLException {
    List<Object> args = new ArrayList<>(List.of(traceId));
    String in = Sql.in("project", projects, args);
    args.add(MAX_TRACE_SESSIONS + 1);
    return Sql.query(
        c,
        "SELECT DISTINCT project, session_id FROM rl_trace_links WHERE trace_id = ? AND "
            + in
            + " LIMIT ?",
        args,
        rs -> new String[] {rs.getString(1), rs.getString(2)});
  }

  /**
   * Search by trace ID as one primary-key read per linked session, ordered and paged here: H2 plans
   * the semi-join with the session list as a scan of every session, which costs tens of
   * milliseconds at 100,000 sessions, where these reads cost well under one.
   */
  private static SessionPage traceSessions(Connection c, SessionQuery q, List<String[]> linked)
      throws SQLException {
    if (linked.isEmpty()) {
      return new SessionPage(List.of(), null);
    }
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(SessionFilters.COLUMNS)
            .append(" FROM rl_sessions s WHERE s.project = ? AND s.session_id = ?");
    List<Object> filterArgs = new ArrayList<>();
    SessionFilters.append(q, sql, filterArgs);
    List<SessionSummary> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (String[] pair : linked) {
        ps.setString(1, pair[0]);
        ps.setString(2, pair[1]);
        for (int i = 0; i < filterArgs.size(); i++) {
          ps.setObject(i + 3, filterArgs.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(SessionFilters.summary(rs));
          }
        }
      }
    }
    Comparator<SessionSummary> order =
        Comparator.comparingLong((SessionSummary s) -> SessionFilters.sortValue(q.sort(), s))
            .thenComparing(SessionSummary::sessionId);
    rows.sort(q.ascending() ? order : order.reversed());
    return page(q, rows.size() > q.limit() + 1 ? rows.subList(0, q.limit() + 1) : rows);
  }

  private static SessionPage page(SessionQuery q, List<SessionSummary> rows) {
    SessionQuery.Cursor next = null;
    if (rows.size() > q.limit()) {
      rows = rows.subList(0, q.limit());
      SessionSummary last = rows.get(rows.size() - 1);
      next = new SessionQuery.Cursor(SessionFilters.sortValue(q.sort(), last), last.sessionId());
    }
    return new SessionPage(List.copyOf(rows), next);
  }
}
