package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.SessionSpans;
import dev.replaylink.service.model.StoredSpan;
import dev.replaylink.service.model.StoredTrace;
import dev.replaylink.service.storage.SpanStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JDBC span store. Each session's spans are written in one transaction that first locks the
 * session's {@code rl_span_sessions} row, so concurrent exports to one session (from any instance)
 * count its traces and each trace's spans one after the other and never go past a limit together.
 * Sessions are written in ID order, so two writers never wait on each other in a cycle.
 */
final class JdbcSpanStore implements SpanStore {
  private static final int IN_CHUNK = 100;

  private final Sql sql;

  JdbcSpanStore(Sql sql) {
    this.sql = sql;
  }

  @Override
  public Added addSpans(String project, Collection<SessionSpans> groups, Limits limits) {
    Map<String, Map<String, List<StoredSpan>>> bySession = new TreeMap<>();
    for (SessionSpans g : groups) {
      bySession
          .computeIfAbsent(g.sessionId(), k -> new LinkedHashMap<>())
          .computeIfAbsent(g.traceId(), k -> new ArrayList<>())
          .addAll(g.spans());
    }
    int kept = 0;
    int dropped = 0;
    for (Map.Entry<String, Map<String, List<StoredSpan>>> session : bySession.entrySet()) {
      int[] result =
          sql.transaction(
              "store spans",
              c -> addForSession(c, project, session.getKey(), session.getValue(), limits));
      kept += result[0];
      dropped += result[1];
    }
    return new Added(kept, dropped);
  }

  private static int[] addForSession(
      Connection c,
      String project,
      String sessionId,
      Map<String, List<StoredSpan>> traces,
      Limits limits)
      throws SQLException {
    int traceCount = lockSession(c, project, sessionId);
    int kept = 0;
    int dropped = 0;
    for (Map.Entry<String, List<StoredSpan>> trace : traces.entrySet()) {
      String traceId = trace.getKey();
      Boolean traceKept = null;
      int spanCount = 0;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT kept, span_count FROM rl_span_traces WHERE project = ? AND session_id = ? AND trace_id = ? FOR UPDATE")) {
        bind(ps, project, sessionId, traceId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            traceKept = rs.getBoolean(1);
            spanCount = rs.getInt(2);
          }
        }
      }
      if (traceKept == null) {
        traceKept = traceCount < limits.maxTracesPerSession();
        if (traceKept) {
          traceCount++;
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO rl_span_traces (project, session_id, trace_id, kept, span_count,"
                    + " dropped_spans, created_at) VALUES (?,?,?,?,0,0,?)")) {
          bind(ps, project, sessionId, traceId);
          ps.setBoolean(4, traceKept);
          ps.setLong(5, System.currentTimeMillis());
          ps.executeUpdate();
        }
      }
      List<StoredSpan> fresh =
          traceKept ? fresh(c, project, sessionId, traceId, trace.getValue()) : trace.getValue();
      int room = traceKept ? Math.max(0, limits.maxSpansPerTrace() - spanCount) : 0;
      List<StoredSpan> keep = fresh.subList(0, Math.min(room, fresh.size()));
      int drop = fresh.size() - keep.size();
      insert(c, project, sessionId, keep);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE rl_span_traces SET span_count = span_count + ?,"
                  + " dropped_spans = dropped_spans + ? WHERE project = ? AND session_id = ? AND trace_id = ?")) {
        ps.setInt(1, keep.size());
        ps.setInt(2, drop);
        ps.setString(3, project);
        ps.setString(4, sessionId);
        ps.setString(5, traceId);
        ps.executeUpdate();
      }
      kept += keep.size();
      dropped += drop;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE rl_span_sessions SET trace_count = ?, dropped_spans = dropped_spans + ? WHERE project = ? AND session_id = ?")) {
      ps.setInt(1, traceCount);
      ps.setInt(2, dropped);
      ps.setString(3, project);
      ps.setString(4, sessionId);
      ps.executeUpdate();
    }
    return new int[] {kept, dropped};
  }

  /**
   * Locks (creating it on first use) the session's counter row; returns the session's kept trace
   * count.
   */
  private static int lockSession(Connection c, String project, String sessionId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT trace_count FROM rl_span_sessions WHERE project = ? AND session_id = ? FOR UPDATE")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getInt(1);
        }
      }
    }
    // a concurrent first export inserts the same row: the unique violation retries the whole
    // transaction
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_span_sessions (project, session_id, trace_count, dropped_spans, created_at) VALUES (?,?,0,0,?)")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      ps.setLong(3, System.currentTimeMillis());
      ps.executeUpdate();
    }
    return 0;
  }

  /** The spans whose IDs are not kept yet for the trace, each ID once. */
  private static List<StoredSpan> fresh(
      Connection c, String project, String sessionId, String traceId, List<StoredSpan> spans)
      throws SQLException {
    Set<String> seen = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT span_id FROM rl_spans WHERE project = ? AND session_id = ? AND trace_id = ?")) {
      bind(ps, project, sessionId, traceId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seen.add(rs.getString(1));
        }
      }
    }
    List<StoredSpan> out = new ArrayList<>();
    for (StoredSpan s : spans) {
      if (seen.add(s.spanId())) {
        out.add(s);
      }
    }
    return out;
  }

  private static void insert(Connection c, String project, String sessionId, List<StoredSpan> spans)
      throws SQLException {
    if (spans.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_spans (project, session_id, trace_id, span_id, parent_span_id,"
                + " service, name, kind, start_nanos, duration_nanos, status, status_message, attributes, events, browser)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (StoredSpan s : spans) {
        ps.setString(1, project);
        ps.setString(2, sessionId);
        ps.setString(3, s.traceId());
        ps.setString(4, s.spanId());
        ps.setString(5, s.parentSpanId());
        ps.setString(6, s.service());
        ps.setString(7, s.name());
        ps.setString(8, s.kind());
        ps.setLong(9, s.startNanos());
        ps.setLong(10, s.durationNanos());
        ps.setString(11, s.status());
        ps.setString(12, s.statusMessage());
        ps.setString(13, s.attributesJson());
        ps.setString(14, s.eventsJson());
        ps.setString(15, s.browserJson());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public StoredTrace trace(String project, String sessionId, String traceId) {
    return sql.connection(
        "read trace",
        c -> {
          {
            long dropped = 0;
            boolean kept = true;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT kept, dropped_spans FROM rl_span_traces WHERE project = ? AND session_id = ? AND trace_id = ?")) {
              bind(ps, project, sessionId, traceId);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  return StoredTrace.EMPTY;
                }
                kept = rs.getBoolean(1);
                dropped = rs.getLong(2);
              }
            }
            List<StoredSpan> spans = new ArrayList<>();
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT trace_id, span_id, parent_span_id, service, name, kind, start_nanos,"
                        + " duration_nanos, status, status_message, attributes, events, browser FROM rl_spans"
                        + " WHERE project = ? AND session_id = ? AND trace_id = ? ORDER BY start_nanos, span_id")) {
              bind(ps, project, sessionId, traceId);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  spans.add(
                      new StoredSpan(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getString(6),
                          rs.getLong(7),
                          rs.getLong(8),
                          rs.getString(9),
                          rs.getString(10),
                          rs.getString(11),
                          rs.getString(12),
                          rs.getString(13)));
                }
              }
            }
            return new StoredTrace(spans, dropped, kept);
          }
        });
  }

  @Override
  public Map<String, Set<String>> linkedSessions(String project, Collection<String> traceIds) {
    List<String> ids = List.copyOf(new HashSet<>(traceIds));
    Map<String, Set<String>> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    return sql.connection(
        "read trace links",
        c -> {
          {
            for (int from = 0; from < ids.size(); from += IN_CHUNK) {
              List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
              String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT DISTINCT trace_id, session_id FROM rl_trace_links WHERE project = ? AND trace_id IN ("
                          + marks
                          + ")")) {
                ps.setString(1, project);
                for (int i = 0; i < chunk.size(); i++) {
                  ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                  }
                }
              }
            }
            return out;
          }
        });
  }

  @Override
  public int purgeUnrecorded(long createdBefore, int limit) {
    List<String[]> orphans =
        sql.connection(
            "find spans of unrecorded sessions",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT s.project, s.session_id FROM rl_span_sessions s WHERE s.created_at < ? AND NOT EXISTS"
                          + " (SELECT 1 FROM rl_sessions r WHERE r.project = s.project AND r.session_id = s.session_id)")) {
                ps.setLong(1, createdBefore);
                ps.setMaxRows(limit);
                List<String[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                  }
                }
                return out;
              }
            });
    int purged = 0;
    for (String[] o : orphans) {
      purged +=
          sql.transaction(
              "delete spans of an unrecorded session",
              c -> {
                // under the counter row's lock, and only while the session is still not recorded
                if (!lockedOrphan(c, o[0], o[1])) {
                  return 0;
                }
                for (String table : List.of("rl_spans", "rl_span_traces", "rl_span_sessions")) {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "DELETE FROM " + table + " WHERE project = ? AND session_id = ?")) {
                    ps.setString(1, o[0]);
                    ps.setString(2, o[1]);
                    ps.executeUpdate();
                  }
                }
                return 1;
              });
    }
    return purged;
  }

  private static boolean lockedOrphan(Connection c, String project, String sessionId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT trace_count FROM rl_span_sessions WHERE project = ? AND session_id = ? FOR UPDATE")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM rl_sessions WHERE project = ? AND session_id = ?")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        return !rs.next();
      }
    }
  }

  private static void bind(PreparedStatement ps, String project, String sessionId, String traceId)
      throws SQLException {
    ps.setString(1, project);
    ps.setString(2, sessionId);
    ps.setString(3, traceId);
  }
}
