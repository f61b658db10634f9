package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** The SQL of a session search: the columns of a summary, the filters of a query, its sort keys. */
final class SessionFilters {
  /** The entry page plus each navigation marker. */
  static final String PAGES =
      "((SELECT COUNT(*) FROM rl_markers n WHERE n.project = s.project AND n.session_id = s.session_id"
          + " AND n.kind = 'navigation') + 1)";

  /** Error clicks have no counter column of their own: they are counted from the markers. */
  private static final String ERROR_CLICKS =
      "(SELECT COUNT(*) FROM rl_markers n WHERE n.project = s.project AND n.session_id = s.session_id"
          + " AND n.kind = 'error-click')";

  private static final String ANY_ERROR_CLICK =
      "EXISTS (SELECT 1 FROM rl_markers n WHERE n.project = s.project AND n.session_id = s.session_id"
          + " AND n.kind = 'error-click')";
  private static final String COUNTED_FRUSTRATION =
      "s.rage_click_count + s.dead_click_count + s.mouse_thrash_count";

  /** Same sum as {@link SessionSummary#frustrationCount()}. */
  private static final String FRUSTRATION = "(" + COUNTED_FRUSTRATION + " + " + ERROR_CLICKS + ")";

  /** The columns {@link #summary} reads, from {@code rl_sessions s}. */
  static final String COLUMNS =
      "project, session_id, started_at, ended_at, user_id, entry_url, event_count,"
          + " error_count, rage_click_count, dead_click_count, mouse_thrash_count, stored_bytes, "
          + PAGES
          + ", "
          + ERROR_CLICKS;

  private SessionFilters() {}

  static SessionSummary summary(ResultSet rs) throws SQLException {
    return new SessionSummary(
        rs.getString(1),
        rs.getString(2),
        rs.getLong(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getString(6),
        rs.getLong(7),
        rs.getLong(8),
        rs.getLong(9),
        rs.getLong(10),
        rs.getLong(11),
        rs.getLong(12),
        rs.getLong(13),
        rs.getLong(14));
  }

  /**
   * Appends every filter of the query except projects and trace ID, and the cursor, as {@code AND
   * …}.
   */
  static void append(SessionQuery q, StringBuilder sql, List<Object> args) {
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
      sql.append(
          q.hasFrustration()
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
      String like =
          "%"
              + q.urlContains()
                  .toLowerCase(Locale.ROOT)
                  .replace("\\", "\\\\")
                  .replace("%", "\\%")
                  .replace("_", "\\_")
              + "%";
      sql.append(
              " AND (LOWER(s.entry_url) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM rl_markers n WHERE n.project = s.project")
          .append(
              " AND n.session_id = s.session_id AND n.kind = 'navigation' AND LOWER(n.label) LIKE ? ESCAPE '\\'))");
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
    if (q.cursor() != null) {
      String key = sortKey(q.sort());
      String after = q.ascending() ? " > ?" : " < ?";
      sql.append(" AND (")
          .append(key)
          .append(after)
          .append(" OR (")
          .append(key)
          .append(" = ? AND s.session_id")
          .append(after)
          .append("))");
      args.add(q.cursor().startedAt());
      args.add(q.cursor().startedAt());
      args.add(q.cursor().sessionId());
    }
  }

  /** {@code ORDER BY} the query's sort and direction, ties by session ID. */
  static String orderBy(SessionQuery q) {
    String direction = q.ascending() ? " ASC" : " DESC";
    return " ORDER BY " + sortKey(q.sort()) + direction + ", s.session_id" + direction;
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

  /** The value of the sort key that {@link #orderBy} orders by, for a summary. */
  static long sortValue(SessionQuery.Sort sort, SessionSummary s) {
    return switch (sort) {
      case STARTED_AT -> s.startedAt();
      case DURATION -> s.endedAt() - s.startedAt();
      case ERRORS -> s.errorCount();
      case FRUSTRATION -> s.frustrationCount();
      case PAGES -> s.pagesVisited();
    };
  }
}
