package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import dev.replaylink.service.storage.InsightSearch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Insights queries: markers grouped across sessions. One SQL text for H2 and PostgreSQL; the page
 * of a frustration marker is the session's last navigation at or before it, else its entry page.
 */
final class SelectInsights implements InsightSearch {
  static final long DAY_MS = 86_400_000L;
  private static final String PAGE_OF_MARKER =
      "COALESCE((SELECT n.label FROM rl_markers n WHERE n.project = m.project"
          + " AND n.session_id = m.session_id AND n.kind = 'navigation' AND n.ts <= m.ts ORDER BY n.ts DESC, n.id DESC LIMIT 1), s.entry_url)";

  private final Sql sql;

  SelectInsights(Sql sql) {
    this.sql = sql;
  }

  @Override
  public List<InsightGroup> insights(
      Collection<String> projects, InsightCategory category, long from, long to, int limit) {
    if (projects.isEmpty()) {
      return List.of();
    }
    List<Object> baseArgs = new ArrayList<>();
    String base = base(projects, category, from, to, baseArgs);
    String top =
        "SELECT kind, k, page, COUNT(*) AS occurrences, COUNT(DISTINCT project || '/' || session_id) AS sessions,"
            + " COUNT(DISTINCT user_id) AS users, MAX(ts) AS last_ts FROM "
            + base
            + " GROUP BY kind, k, page ORDER BY sessions DESC, occurrences DESC, last_ts DESC, k LIMIT ?";
    List<Object> args = new ArrayList<>(baseArgs);
    args.add(limit);
    return sql.connection(
        "read insights",
        c -> {
          List<InsightGroup> out = new ArrayList<>();
          for (InsightGroup g :
              Sql.query(
                  c,
                  top,
                  args,
                  rs ->
                      new InsightGroup(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getLong(4),
                          rs.getLong(5),
                          rs.getLong(6),
                          rs.getLong(7),
                          null,
                          List.of()))) {
            out.add(details(c, base, baseArgs, g));
          }
          return out;
        });
  }

  /** Adds the latest occurrence's session and the daily counts to a group. */
  private static InsightGroup details(
      Connection c, String base, List<Object> baseArgs, InsightGroup g) throws SQLException {
    List<Object> args = new ArrayList<>(baseArgs);
    String where =
        " WHERE kind = ? AND k = ? AND " + (g.page() == null ? "page IS NULL" : "page = ?");
    args.add(g.kind());
    args.add(g.key());
    if (g.page() != null) {
      args.add(g.page());
    }
    String lastSession =
        Sql.single(
            c,
            "SELECT session_id FROM " + base + where + " ORDER BY ts DESC, session_id DESC LIMIT 1",
            args,
            rs -> rs.getString(1));
    List<InsightGroup.DailyCount> daily =
        Sql.query(
            c,
            "SELECT ts / "
                + DAY_MS
                + ", COUNT(*) FROM "
                + base
                + where
                + " GROUP BY ts / "
                + DAY_MS
                + " ORDER BY ts / "
                + DAY_MS,
            args,
            rs -> new InsightGroup.DailyCount(rs.getLong(1) * DAY_MS, rs.getLong(2)));
    return new InsightGroup(
        g.kind(),
        g.key(),
        g.page(),
        g.occurrences(),
        g.sessions(),
        g.users(),
        g.lastSeen(),
        lastSession,
        daily);
  }

  /**
   * The category's markers in [from, to) as a derived table (kind, k, page, project, session_id,
   * user_id, ts).
   */
  private static String base(
      Collection<String> projects,
      InsightCategory category,
      long from,
      long to,
      List<Object> args) {
    StringBuilder sql =
        new StringBuilder("(SELECT m.kind AS kind, COALESCE(m.group_key, m.label, m.kind) AS k, ")
            .append(category.byPage() ? PAGE_OF_MARKER : "CAST(NULL AS VARCHAR(2048))")
            .append(
                " AS page, m.project AS project, m.session_id AS session_id, s.user_id AS user_id, m.ts AS ts")
            .append(
                " FROM rl_markers m JOIN rl_sessions s ON s.project = m.project AND s.session_id = m.session_id WHERE ")
            .append(Sql.in("m.project", projects, args))
            .append(" AND ")
            .append(Sql.in("m.kind", category.kinds(), args));
    sql.append(" AND m.ts >= ? AND m.ts < ?) x");
    args.add(from);
    args.add(to);
    return sql.toString();
  }
}
