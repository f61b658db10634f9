package dev.replaylink.service.storage;

import dev.replaylink.service.model.EventSlice;
import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.TraceLink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** JDBC read side. Never writes. */
final class JdbcRecordingReader implements RecordingReader {
  /** The entry page plus each navigation marker. */
  private static final String PAGES = "((SELECT COUNT(*) FROM rl_markers n WHERE n.project = s.project AND n.session_id = s.session_id"
      + " AND n.kind = 'navigation') + 1)";
  /** Error clicks have no counter column of their own: they are counted from the markers. */
  private static final String ERROR_CLICKS = "(SELECT COUNT(*) FROM rl_markers n WHERE n.project = s.project AND n.session_id = s.session_id"
      + " AND n.kind = 'error-click')";
  private static final String ANY_ERROR_CLICK = "EXISTS (SELECT 1 FROM rl_markers n WHERE n.project = s.project AND n.session_id = s.session_id"
      + " AND n.kind = 'error-click')";
  private static final String COUNTED_FRUSTRATION = "s.rage_click_count + s.dead_click_count + s.mouse_thrash_count";
  /** Same sum as {@link SessionSummary#frustrationCount()}. */
  private static final String FRUSTRATION = "(" + COUNTED_FRUSTRATION + " + " + ERROR_CLICKS + ")";
  private static final String SESSION_COLUMNS = "project, session_id, started_at, ended_at, user_id, entry_url, event_count,"
      + " error_count, rage_click_count, dead_click_count, mouse_thrash_count, stored_bytes, " + PAGES + ", " + ERROR_CLICKS;

  /** Above this many sessions for one trace, search by trace ID joins in the database instead. */
  static final int MAX_TRACE_SESSIONS = 200;
  /** How far before a time window's start a search first looks for sessions still running in it. */
  static final long WINDOW_LOOKBACK_MS = 24L * 60 * 60 * 1000;

  private final DataSource dataSource;
  private final JdbcInsights insights;

  JdbcRecordingReader(DataSource dataSource) {
    this.dataSource = dataSource;
    this.insights = new JdbcInsights(dataSource);
  }

  @Override
  public SessionPage searchSessions(SessionQuery q) {
    if (q.traceId() != null) {
      List<String[]> linked = linkedSessions(q.projects(), q.traceId());
      if (linked.size() <= MAX_TRACE_SESSIONS) {
        return traceSessions(q, linked);
      }
    }
    if (q.from() != null && q.sort() == SessionQuery.Sort.STARTED_AT && !q.ascending()) {
      // Sessions overlapping [from, to] that started at most a day before `from` come first in this
      // order; when there are enough of them, they are the page. Bounded on both sides, the scan of
      // the started-at index stays within the window, where H2 would otherwise read every older
      // session to find the few that are still running at `from`.
      List<SessionSummary> recent = search(q, q.from() - WINDOW_LOOKBACK_MS);
      if (recent.size() > q.limit()) {
        return page(q, recent);
      }
    }
    return page(q, search(q, null));
  }

  /** One page plus one row, in the query's order, of sessions that started at or after {@code startedFrom} if given. */
  private List<SessionSummary> search(SessionQuery q, Long startedFrom) {
    StringBuilder sql = new StringBuilder("SELECT ").append(SESSION_COLUMNS).append(" FROM rl_sessions s WHERE ");
    List<Object> args = new ArrayList<>();
    projectFilter(sql, args, "s.project", q.projects());
    if (q.traceId() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM rl_trace_links t WHERE t.trace_id = ? AND t.project = s.project AND t.session_id = s.session_id)");
      args.add(q.traceId());
    }
    appendFilters(q, sql, args);
    if (startedFrom != null) {
      sql.append(" AND s.started_at >= ?");
      args.add(startedFrom);
    }
    String key = sortKey(q.sort());
    String direction = q.ascending() ? " ASC" : " DESC";
    sql.append(" ORDER BY ").append(key).append(direction).append(", s.session_id").append(direction).append(" LIMIT ?");
    args.add(q.limit() + 1);
    return query("search sessions", sql.toString(), args, JdbcRecordingReader::session);
  }

  /**
   * The sessions a trace links to, at most {@link #MAX_TRACE_SESSIONS} + 1. A trace usually links
   * one session; the index on trace ID finds them directly.
   */
  private List<String[]> linkedSessions(Collection<String> projects, String traceId) {
    StringBuilder sql = new StringBuilder("SELECT DISTINCT project, session_id FROM rl_trace_links WHERE trace_id = ? AND ");
    List<Object> args = new ArrayList<>();
    args.add(traceId);
    projectFilter(sql, args, "project", projects);
    sql.append(" LIMIT ?");
    args.add(MAX_TRACE_SESSIONS + 1);
    return query("read trace links", sql.toString(), args, rs -> new String[] {rs.getString(1), rs.getString(2)});
  }

  /**
   * Search by trace ID as one primary-key read per linked session, ordered and paged here: H2 plans
   * the semi-join with the session list as a scan of every session, which costs tens of
   * milliseconds at 100,000 sessions, where these reads cost well under one.
   */
  private SessionPage traceSessions(SessionQuery q, List<String[]> linked) {
    if (linked.isEmpty()) {
      return new SessionPage(List.of(), null);
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(SESSION_COLUMNS).append(" FROM rl_sessions s WHERE s.project = ? AND s.session_id = ?");
    List<Object> filterArgs = new ArrayList<>();
    appendFilters(q, sql, filterArgs);
    List<SessionSummary> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (String[] pair : linked) {
        ps.setString(1, pair[0]);
        ps.setString(2, pair[1]);
        for (int i = 0; i < filterArgs.size(); i++) {
          ps.setObject(i + 3, filterArgs.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(session(rs));
          }
        }
      }
    } catch (SQLException e) {
      throw new StorageException("Could not search sessions by trace ID", e);
    }
    Comparator<SessionSummary> order = Comparator.comparingLong((SessionSummary s) -> sortValue(q.sort(), s))
        .thenComparing(SessionSummary::sessionId);
    rows.sort(q.ascending() ? order : order.reversed());
    return page(q, rows.size() > q.limit() + 1 ? rows.subList(0, q.limit() + 1) : rows);
  }

  /** Every filter of the query except projects and trace ID, and the cursor. */
  private static void appendFilters(SessionQuery q, StringBuilder sql, List<Object> args) {
    if (q.userId() != null) {
      sql.append(" AND s.user_id = ?");
      args.add(q.userId());
    }
    if (q.hasError() != null) {
      sql.append(q.hasError() ? " AND s.error_count > 0" : " AND s.error_count = 0");
    }
    if (q.minErrors() != null) {
      sql.append(" AND s.error_count >= ?");
      args.add(q.minErrors());
    }
    if (q.hasFrustration() != null) {
      sql.append(q.hasFrustration()
          ? " AND (" + COUNTED_FRUSTRATION + " > 0 OR " + ANY_ERROR_CLICK + ")"
          : " AND " + COUNTED_FRUSTRATION + " = 0 AND NOT " + ANY_ERROR_CLICK);
    }
    if (q.minPages() != null && q.minPages() > 1) {
      sql.append(" AND ").append(PAGES).append(" >= ?");
      args.add(q.minPages());
    }
    if (q.minDurationMs() != null) {
      sql.append(" AND s.ended_at - s.started_at >= ?");
      args.add(q.minDurationMs());
    }
    if (q.urlContains() != null) {
      String like = "%" + q.urlContains().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      sql.append(" AND (LOWER(s.entry_url) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM rl_markers n WHERE n.project = s.project")
          .append(" AND n.session_id = s.session_id AND n.kind = 'navigation' AND LOWER(n.label) LIKE ? ESCAPE '\\'))");
      args.add(like);
      args.add(like);
    }
    if (q.from() != null) {
      sql.append(" AND s.ended_at >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      sql.append(" AND s.started_at <= ?");
      args.add(q.to());
    }
    String key = sortKey(q.sort());
    if (q.cursor() != null) {
      String after = q.ascending() ? " > ?" : " < ?";
      sql.append(" AND (").append(key).append(after).append(" OR (").append(key).append(" = ? AND s.session_id").append(after).append("))");
      args.add(q.cursor().startedAt());
      args.add(q.cursor().startedAt());
      args.add(q.cursor().sessionId());
    }
  }

  private static SessionPage page(SessionQuery q, List<SessionSummary> rows) {
    SessionQuery.Cursor next = null;
    if (rows.size() > q.limit()) {
      rows = rows.subList(0, q.limit());
      SessionSummary last = rows.get(rows.size() - 1);
      next = new SessionQuery.Cursor(sortValue(q.sort(), last), last.sessionId());
    }
    return new SessionPage(List.copyOf(rows), next);
  }

  private static String sortKey(SessionQuery.Sort sort) {
    return switch (sort) {
      case STARTED_AT -> "s.started_at";
      case DURATION -> "(s.ended_at - s.started_at)";
      case ERRORS -> "s.error_count";
      case FRUSTRATION -> FRUSTRATION;
      case PAGES -> PAGES;
    };
  }

  private static long sortValue(SessionQuery.Sort sort, SessionSummary s) {
    return switch (sort) {
      case STARTED_AT -> s.startedAt();
      case DURATION -> s.endedAt() - s.startedAt();
      case ERRORS -> s.errorCount();
      case FRUSTRATION -> s.frustrationCount();
      case PAGES -> s.pagesVisited();
    };
  }

  @Override
  public List<InsightGroup> insights(Collection<String> projects, InsightCategory category, long from, long to, int limit) {
    return insights.top(projects, category, from, to, limit);
  }

  @Override
  public Optional<SessionSummary> session(Collection<String> projects, String sessionId) {
    StringBuilder sql = new StringBuilder("SELECT ").append(SESSION_COLUMNS).append(" FROM rl_sessions s WHERE ");
    List<Object> args = new ArrayList<>();
    projectFilter(sql, args, "s.project", projects);
    sql.append(" AND s.session_id = ? ORDER BY s.project");
    args.add(sessionId);
    return query("read session", sql.toString(), args, JdbcRecordingReader::session).stream().findFirst();
  }

  @Override
  public List<Marker> markers(String project, String sessionId) {
    return query("read markers",
        "SELECT session_id, ts, kind, label, trace_id, link, dedupe_key FROM rl_markers WHERE project = ? AND session_id = ? ORDER BY ts, id",
        List.of(project, sessionId),
        rs -> new Marker(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
  }

  @Override
  public List<TraceLink> traceLinks(Collection<String> projects, String traceId) {
    StringBuilder sql = new StringBuilder("SELECT trace_id, session_id, ts, source FROM rl_trace_links WHERE trace_id = ? AND ");
    List<Object> args = new ArrayList<>();
    args.add(traceId);
    projectFilter(sql, args, "project", projects);
    sql.append(" ORDER BY ts");
    Map<String, TraceLink> earliest = new LinkedHashMap<>();
    for (TraceLink link : query("read trace links", sql.toString(), args,
        rs -> new TraceLink(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))) {
      earliest.putIfAbsent(link.sessionId(), link);
    }
    return List.copyOf(earliest.values());
  }

  @Override
  public Optional<EventSlice> events(String project, String sessionId, Long from) {
    try (Connection c = dataSource.getConnection()) {
      Long ended = single(c, "SELECT ended_at FROM rl_sessions WHERE project = ? AND session_id = ?", List.of(project, sessionId),
          rs -> rs.getLong(1));
      if (ended == null) {
        return Optional.empty();
      }
      StartPoint start = null;
      if (from != null) {
        start = single(c, "SELECT window_id, seq, part FROM rl_chunks WHERE project = ? AND session_id = ? AND starts_with_snapshot = TRUE"
            + " AND first_ts <= ? ORDER BY first_ts DESC, seq DESC, part DESC LIMIT 1", List.of(project, sessionId, from), StartPoint::of);
      }
      if (start == null) {
        start = single(c, "SELECT window_id, seq, part FROM rl_chunks WHERE project = ? AND session_id = ? AND starts_with_snapshot = TRUE"
            + " ORDER BY first_ts, seq, part LIMIT 1", List.of(project, sessionId), StartPoint::of);
      }
      if (start == null) {
        start = single(c, "SELECT window_id, seq, part FROM rl_chunks WHERE project = ? AND session_id = ?"
            + " ORDER BY first_ts, seq, part LIMIT 1", List.of(project, sessionId), StartPoint::of);
      }
      if (start == null) {
        return Optional.of(new EventSlice(null, List.of(), ended));
      }
      List<String> events = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM rl_chunks WHERE project = ? AND session_id = ? AND window_id = ?"
          + " AND (seq > ? OR (seq = ? AND part >= ?)) ORDER BY seq, part")) {
        ps.setString(1, project);
        ps.setString(2, sessionId);
        ps.setString(3, start.windowId);
        ps.setLong(4, start.seq);
        ps.setLong(5, start.seq);
        ps.setInt(6, start.part);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            events.addAll(ChunkCodec.decode(rs.getBytes(1)));
          }
        }
      }
      return Optional.of(new EventSlice(start.windowId, events, ended));
    } catch (SQLException e) {
      throw new StorageException("Could not read events", e);
    }
  }

  @Override
  public StorageCounts counts() {
    try (Connection c = dataSource.getConnection()) {
      return new StorageCounts(
          count(c, "SELECT COUNT(*) FROM rl_sessions"),
          count(c, "SELECT COALESCE(SUM(event_count), 0) FROM rl_chunks"),
          count(c, "SELECT COUNT(*) FROM rl_markers"),
          count(c, "SELECT COUNT(*) FROM rl_trace_links"),
          count(c, "SELECT COUNT(*) FROM rl_batches"));
    } catch (SQLException e) {
      throw new StorageException("Could not count", e);
    }
  }

  @Override
  public void check() {
    try (Connection c = dataSource.getConnection()) {
      count(c, "SELECT COUNT(*) FROM rl_local_credentials");
    } catch (SQLException e) {
      throw new StorageException("Database check failed", e);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private record StartPoint(String windowId, long seq, int part) {
    static StartPoint of(ResultSet rs) throws SQLException {
      return new StartPoint(rs.getString(1), rs.getLong(2), rs.getInt(3));
    }
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static void projectFilter(StringBuilder sql, List<Object> args, String column, Collection<String> projects) {
    if (projects.isEmpty()) {
      sql.append("1 = 0");
      return;
    }
    sql.append(column).append(" IN (");
    int i = 0;
    for (String p : projects) {
      sql.append(i++ == 0 ? "?" : ",?");
      args.add(p);
    }
    sql.append(')');
  }

  private static SessionSummary session(ResultSet rs) throws SQLException {
    return new SessionSummary(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6),
        rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14));
  }

  private <T> List<T> query(String what, String sql, List<?> args, RowMapper<T> mapper) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new StorageException("Could not " + what, e);
    }
  }

  private static <T> T single(Connection c, String sql, List<?> args, RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? mapper.map(rs) : null;
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
    return ps;
  }
}
