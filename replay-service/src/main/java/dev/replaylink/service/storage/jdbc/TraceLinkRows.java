package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.TraceLink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Statements on {@code rl_trace_links}. */
final class TraceLinkRows {
  /**
   * Links per INSERT statement: a batch of ingest or a span export is within this, larger ones take
   * several.
   */
  static final int PER_STATEMENT = 500;

  private TraceLinkRows() {}

  /**
   * Inserts the links not stored yet (same project, trace, session and timestamp), all of them in
   * one statement per {@link #PER_STATEMENT}: the rows come from a VALUES list and the NOT EXISTS
   * keeps those already there out. Returns how many were new.
   */
  static int insert(Connection c, String project, Collection<TraceLink> links) throws SQLException {
    List<TraceLink> distinct = new ArrayList<>(new LinkedHashSet<>(links));
    int added = 0;
    for (int from = 0; from < distinct.size(); from += PER_STATEMENT) {
      List<TraceLink> part =
          distinct.subList(from, Math.min(distinct.size(), from + PER_STATEMENT));
      // typed once, so that PostgreSQL knows the VALUES columns' types (H2 takes them as given)
      String row =
          "(CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(128)), CAST(? AS BIGINT), CAST(? AS VARCHAR(16)))";
      String sql =
          "INSERT INTO rl_trace_links (project, trace_id, session_id, ts, source)"
              + " SELECT CAST(? AS VARCHAR(64)), v.trace_id, v.session_id, v.ts, v.source FROM (VALUES "
              + String.join(",", Collections.nCopies(part.size(), row))
              + ") AS v (trace_id, session_id, ts, source) WHERE NOT EXISTS (SELECT 1 FROM rl_trace_links t"
              + " WHERE t.trace_id = v.trace_id AND t.project = ? AND t.session_id = v.session_id AND t.ts = v.ts)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setString(i++, project);
        for (TraceLink link : part) {
          ps.setString(i++, link.traceId());
          ps.setString(i++, link.sessionId());
          ps.setLong(i++, link.timestamp());
          ps.setString(i++, link.source());
        }
        ps.setString(i, project);
        added += ps.executeUpdate();
      }
    }
    return added;
  }

  /**
   * Inserts the links of one browser batch with a plain JDBC batch, without looking for stored
   * ones: the batch's key, inserted first in the same transaction, already makes a retry of the
   * batch store nothing, and its own duplicates are dropped here.
   */
  static void insertOfBatch(Connection c, String project, Collection<TraceLink> links)
      throws SQLException {
    if (links.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_trace_links (project, trace_id, session_id, ts, source) VALUES (?,?,?,?,?)")) {
      for (TraceLink link : new LinkedHashSet<>(links)) {
        ps.setString(1, project);
        ps.setString(2, link.traceId());
        ps.setString(3, link.sessionId());
        ps.setLong(4, link.timestamp());
        ps.setString(5, link.source());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The earliest link of each session the trace was seen in, earliest first. */
  static List<TraceLink> ofTrace(Connection c, Collection<String> projects, String traceId)
      throws SQLException {
    List<Object> args = new ArrayList<>(List.of(traceId));
    String in = Sql.in("project", projects, args);
    Map<String, TraceLink> earliest = new LinkedHashMap<>();
    for (TraceLink link :
        Sql.query(
            c,
            "SELECT trace_id, session_id, ts, source FROM rl_trace_links WHERE trace_id = ? AND "
                + in
                + " ORDER BY ts",
            args,
            rs ->
                new TraceLink(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))) {
      earliest.putIfAbsent(link.sessionId(), link);
    }
    return List.copyOf(earliest.values());
  }
}
