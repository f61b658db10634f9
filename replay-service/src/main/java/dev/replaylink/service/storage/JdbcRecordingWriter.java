package dev.replaylink.service.storage;

import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.SessionDelta;
import dev.replaylink.service.model.SessionLimits;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.model.WindowPage;
import dev.replaylink.service.model.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** JDBC write side. Concurrent writers to one session are serialised by the session row lock. */
final class JdbcRecordingWriter implements RecordingWriter {
  private static final int ATTEMPTS = 4;
  private static final String BACKEND_ERROR = "backend-error";
  private static final Set<String> ERROR_KINDS = Set.of("error", BACKEND_ERROR);

  private final DataSource dataSource;
  private final JdbcCompaction compaction;
  private final JdbcPageStates pageStates;

  JdbcRecordingWriter(DataSource dataSource) {
    this.dataSource = dataSource;
    this.compaction = new JdbcCompaction(dataSource);
    this.pageStates = new JdbcPageStates(dataSource);
  }

  @Override
  public WriteResult writeBatch(IndexedBatch batch, SessionLimits limits) {
    try {
      return store(batch, limits);
    } catch (LimitReached e) {
      String label = e.reason.equals("bytes")
          ? "Recording stopped: the session reached its size limit of " + (limits.maxStoredBytes() / (1024 * 1024)) + " MB"
          : "Recording stopped: the session reached its length limit of " + (limits.maxDurationMs() / 60_000) + " minutes";
      addMarkers(batch.project(), List.of(new Marker(batch.sessionId(), e.at, "recording-paused", label, null, null,
          "limit:" + e.reason + ":" + batch.sessionId())));
      return new WriteResult(0, false, e.reason);
    }
  }

  private WriteResult store(IndexedBatch batch, SessionLimits limits) {
    return retrying("store batch", () -> JdbcStorage.inTransaction(dataSource, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO rl_batches (project, session_id, window_id, seq, sent_at, received_at, event_count) VALUES (?,?,?,?,?,?,?)")) {
        ps.setString(1, batch.project());
        ps.setString(2, batch.sessionId());
        ps.setString(3, batch.windowId());
        ps.setLong(4, batch.seq());
        ps.setLong(5, batch.sentAt());
        ps.setLong(6, batch.receivedAt());
        ps.setInt(7, batch.session().eventCount());
        ps.executeUpdate();
      } catch (SQLException e) {
        if (JdbcStorage.isUniqueViolation(e)) {
          throw new DuplicateBatch();
        }
        throw e;
      }
      if (batch.session().eventCount() > 0 || !batch.markers().isEmpty()) {
        upsertSession(c, batch.project(), batch.sessionId(), batch.session(), batch.receivedAt(), limits);
      }
      insertChunks(c, batch);
      insertMarkers(c, batch.project(), batch.markers());
      insertTraceLinks(c, batch.project(), batch.traceLinks());
      JdbcPageStates.write(c, batch);
      return new WriteResult(batch.session().eventCount(), false);
    }), true);
  }

  @Override
  public WindowPage windowPage(String project, String sessionId, String windowId) {
    return pageStates.read(project, sessionId, windowId);
  }

  @Override
  public int addTraceLinks(String project, Collection<TraceLink> links) {
    if (links.isEmpty()) {
      return 0;
    }
    return retrying("store trace links", () -> JdbcStorage.inTransaction(dataSource, c -> insertTraceLinks(c, project, links)), false);
  }

  @Override
  public int addMarkers(String project, Collection<Marker> markers) {
    if (markers.isEmpty()) {
      return 0;
    }
    return retrying("store markers", () -> JdbcStorage.inTransaction(dataSource, c -> {
      List<Marker> fresh = new ArrayList<>();
      List<Marker> replacing = new ArrayList<>();
      for (Marker m : markers) {
        if (m.dedupeKey() != null && markerExists(c, project, m.dedupeKey())) {
          continue;
        }
        if (m.traceId() != null && BACKEND_ERROR.equals(m.kind())) {
          if (m.standIn()) {
            if (hasBackendError(c, project, m) || fresh.stream().anyMatch(f -> sameTrace(f, m))) {
              continue;
            }
          } else {
            fresh.removeIf(f -> f.standIn() && sameTrace(f, m));
            if (removeStandIns(c, project, m) > 0) {
              replacing.add(m);
            }
          }
        }
        fresh.add(m);
      }
      insertMarkers(c, project, fresh);
      for (Marker m : fresh) {
        // a marker that replaced a stand-in takes over its place in the session's error count
        int errors = ERROR_KINDS.contains(m.kind()) && !replacing.contains(m) ? 1 : 0;
        upsertSession(c, project, m.sessionId(),
            new SessionDelta(m.timestamp(), m.timestamp(), null, null, 0, errors, 0, 0, 0, 0), System.currentTimeMillis(), SessionLimits.NONE);
      }
      return fresh.size();
    }), false);
  }

  @Override
  public boolean deleteSession(String project, String sessionId) {
    return retrying("delete session", () -> JdbcStorage.inTransaction(dataSource, c -> deleteSessionRows(c, project, sessionId)), false);
  }

  @Override
  public int deleteUserSessions(Collection<String> projects, String userId) {
    int deleted = 0;
    for (String project : projects) {
      List<String> ids = retrying("find user sessions", () -> JdbcStorage.inTransaction(dataSource,
          c -> sessionIds(c, "SELECT session_id FROM rl_sessions WHERE project = ? AND user_id = ?", project, userId)), false);
      for (String id : ids) {
        if (deleteSession(project, id)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  @Override
  public int purgeEndedBefore(String project, long cutoff, int limit) {
    List<String> ids = retrying("find expired sessions", () -> JdbcStorage.inTransaction(dataSource, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT session_id FROM rl_sessions WHERE project = ? AND ended_at < ? ORDER BY ended_at LIMIT ?")) {
        ps.setString(1, project);
        ps.setLong(2, cutoff);
        ps.setInt(3, limit);
        return strings(ps);
      }
    }), false);
    int purged = 0;
    for (String id : ids) {
      if (purgeSession(project, id, cutoff)) {
        purged++;
      }
    }
    retrying("purge page states", () -> JdbcStorage.inTransaction(dataSource, c -> JdbcPageStates.purgeBefore(c, project, cutoff)), false);
    return purged;
  }

  /** Deletes the session if, once its row is locked, it still ended before {@code cutoff}. */
  boolean purgeSession(String project, String sessionId, long cutoff) {
    return retrying("purge session", () -> JdbcStorage.inTransaction(dataSource, c -> deleteSessionRows(c, project, sessionId, cutoff)), false);
  }

  @Override
  public int purgeBatchKeysBefore(String project, long cutoff, int limit) {
    return retrying("purge batch keys", () -> JdbcStorage.inTransaction(dataSource, c -> {
      List<String[]> keys = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT session_id, window_id, seq FROM rl_batches WHERE project = ? AND received_at < ? ORDER BY received_at LIMIT ?")) {
        ps.setString(1, project);
        ps.setLong(2, cutoff);
        ps.setInt(3, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            keys.add(new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3))});
          }
        }
      }
      if (keys.isEmpty()) {
        return 0;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM rl_batches WHERE project = ? AND session_id = ? AND window_id = ? AND seq = ? AND received_at < ?")) {
        for (String[] k : keys) {
          ps.setString(1, project);
          ps.setString(2, k[0]);
          ps.setString(3, k[1]);
          ps.setLong(4, Long.parseLong(k[2]));
          ps.setLong(5, cutoff);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return keys.size();
    }), false);
  }

  @Override
  public List<SessionRef> sessionsToCompact(long quietBefore, int limit) {
    return compaction.candidates(quietBefore, limit);
  }

  @Override
  public Compaction compact(String project, String sessionId, long quietBefore) {
    return compaction.compact(project, sessionId, quietBefore);
  }

  private static boolean deleteSessionRows(Connection c, String project, String sessionId) throws SQLException {
    return deleteSessionRows(c, project, sessionId, null);
  }

  /**
   * Deletes everything of a session; with {@code endedBefore}, only if the session exists and, under
   * its row lock, still ended before that (a batch stored since the caller looked may have extended it).
   */
  private static boolean deleteSessionRows(Connection c, String project, String sessionId, Long endedBefore) throws SQLException {
    // The session row first, as writers and compaction take it before touching chunks: no deadlock,
    // and no chunk written or merged meanwhile is left behind.
    try (PreparedStatement ps = c.prepareStatement("SELECT ended_at FROM rl_sessions WHERE project = ? AND session_id = ? FOR UPDATE")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (endedBefore != null && (!rs.next() || rs.getLong(1) >= endedBefore)) {
          return false;
        }
      }
    }
    // rl_span_sessions before the other span tables: span writers lock it first (JdbcSpanStore)
    for (String table : List.of("rl_chunks", "rl_markers", "rl_trace_links", "rl_page_states", "rl_batches",
        "rl_span_sessions", "rl_span_traces", "rl_spans")) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE project = ? AND session_id = ?")) {
        ps.setString(1, project);
        ps.setString(2, sessionId);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM rl_sessions WHERE project = ? AND session_id = ?")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * Adds the batch's delta to the session row, creating it on the first batch. The common case is
   * one UPDATE that takes the row lock, applies the delta relative to the stored values (so a
   * concurrent writer's change is never overwritten with a value read earlier) and checks the limits
   * in its WHERE clause; only a new session or a refused batch needs more statements.
   */
  private static void upsertSession(Connection c, String project, String sessionId, SessionDelta d, long now, SessionLimits limits)
      throws SQLException {
    if (updateSession(c, project, sessionId, d, now, limits)) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT started_at, ended_at, stored_bytes FROM rl_sessions WHERE project = ? AND session_id = ? FOR UPDATE")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long startedAt = rs.getLong(1);
          long endedAt = rs.getLong(2);
          if (rs.getLong(3) > limits.maxStoredBytes() - d.storedBytes()) {
            throw new LimitReached("bytes", endedAt);
          }
          if (Math.max(endedAt, d.endedAt()) - Math.min(startedAt, d.startedAt()) > limits.maxDurationMs()) {
            throw new LimitReached("duration", endedAt);
          }
          // within the limits now that the row is locked (compaction made room meanwhile)
          if (!updateSession(c, project, sessionId, d, now, limits)) {
            throw new SQLException("session row " + sessionId + " changed while locked");
          }
          return;
        }
      }
    }
    if (d.storedBytes() > limits.maxStoredBytes()) {
      throw new LimitReached("bytes", d.startedAt());
    }
    if (d.endedAt() - d.startedAt() > limits.maxDurationMs()) {
      throw new LimitReached("duration", d.startedAt());
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO rl_sessions (project, session_id, started_at, ended_at, user_id, entry_url, event_count, error_count,"
            + " rage_click_count, dead_click_count, mouse_thrash_count, stored_bytes, updated_at, compaction_due) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, project);
      ps.setString(2, sessionId);
      ps.setLong(3, d.startedAt());
      ps.setLong(4, d.endedAt());
      ps.setString(5, d.userId());
      ps.setString(6, d.entryUrl());
      ps.setLong(7, d.eventCount());
      ps.setLong(8, d.errorCount());
      ps.setLong(9, d.rageClickCount());
      ps.setLong(10, d.deadClickCount());
      ps.setLong(11, d.mouseThrashCount());
      ps.setLong(12, d.storedBytes());
      ps.setLong(13, now);
      ps.setBoolean(14, d.eventCount() > 0);
      ps.executeUpdate();
    }
  }

  /** Applies the delta when the row exists and stays within the limits; false otherwise (nothing changed). */
  private static boolean updateSession(Connection c, String project, String sessionId, SessionDelta d, long now, SessionLimits limits)
      throws SQLException {
    // SET expressions see the row as it was before this statement (SQL standard; H2 and PostgreSQL)
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE rl_sessions SET started_at = LEAST(started_at, ?), ended_at = GREATEST(ended_at, ?), user_id = COALESCE(?, user_id),"
            + " entry_url = CASE WHEN entry_url IS NULL OR ? < started_at THEN COALESCE(?, entry_url) ELSE entry_url END,"
            + " event_count = event_count + ?, error_count = error_count + ?, rage_click_count = rage_click_count + ?,"
            + " dead_click_count = dead_click_count + ?, mouse_thrash_count = mouse_thrash_count + ?, stored_bytes = stored_bytes + ?,"
            + " updated_at = ?" + (d.eventCount() > 0 ? ", compaction_due = TRUE" : "")
            + " WHERE project = ? AND session_id = ? AND stored_bytes <= ?"
            + " AND GREATEST(ended_at, ?) - LEAST(started_at, ?) <= ?")) {
      ps.setLong(1, d.startedAt());
      ps.setLong(2, d.endedAt());
      ps.setString(3, d.userId());
      ps.setLong(4, d.startedAt());
      ps.setString(5, d.entryUrl());
      ps.setLong(6, d.eventCount());
      ps.setLong(7, d.errorCount());
      ps.setLong(8, d.rageClickCount());
      ps.setLong(9, d.deadClickCount());
      ps.setLong(10, d.mouseThrashCount());
      ps.setLong(11, d.storedBytes());
      ps.setLong(12, now);
      ps.setString(13, project);
      ps.setString(14, sessionId);
      ps.setLong(15, limits.maxStoredBytes() - d.storedBytes());
      ps.setLong(16, d.endedAt());
      ps.setLong(17, d.startedAt());
      ps.setLong(18, limits.maxDurationMs());
      return ps.executeUpdate() > 0;
    }
  }

  /** One {@code rl_chunks} row; bind it with {@link #bindChunk}. */
  static final String INSERT_CHUNK =
      "INSERT INTO rl_chunks (project, session_id, window_id, seq, part, first_ts, last_ts, event_count, starts_with_snapshot, payload)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?)";

  static void bindChunk(PreparedStatement ps, String project, String sessionId, String windowId, long seq, int part,
      long firstTs, long lastTs, int eventCount, boolean startsWithSnapshot, byte[] payload) throws SQLException {
    ps.setString(1, project);
    ps.setString(2, sessionId);
    ps.setString(3, windowId);
    ps.setLong(4, seq);
    ps.setInt(5, part);
    ps.setLong(6, firstTs);
    ps.setLong(7, lastTs);
    ps.setInt(8, eventCount);
    ps.setBoolean(9, startsWithSnapshot);
    ps.setBytes(10, payload);
  }

  private static void insertChunks(Connection c, IndexedBatch batch) throws SQLException {
    if (batch.chunks().isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_CHUNK)) {
      int part = 0;
      for (Chunk chunk : batch.chunks()) {
        bindChunk(ps, batch.project(), batch.sessionId(), chunk.windowId(), batch.seq(), part++, chunk.firstTimestamp(),
            chunk.lastTimestamp(), chunk.eventCount(), chunk.startsWithSnapshot(), chunk.data());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void insertMarkers(Connection c, String project, Collection<Marker> markers) throws SQLException {
    if (markers.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO rl_markers (project, session_id, ts, kind, label, trace_id, link, dedupe_key, group_key) VALUES (?,?,?,?,?,?,?,?,?)")) {
      for (Marker m : markers) {
        ps.setString(1, project);
        ps.setString(2, m.sessionId());
        ps.setLong(3, m.timestamp());
        ps.setString(4, m.kind());
        ps.setString(5, m.label());
        ps.setString(6, m.traceId());
        ps.setString(7, m.link());
        ps.setString(8, m.dedupeKey());
        ps.setString(9, MarkerGroups.keyFor(m.kind(), m.label()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static boolean sameTrace(Marker a, Marker b) {
    return BACKEND_ERROR.equals(a.kind()) && a.sessionId().equals(b.sessionId()) && b.traceId().equals(a.traceId());
  }

  /** Whether the session has a backend-error marker of {@code m}'s trace other than a stand-in. */
  private static boolean hasBackendError(Connection c, String project, Marker m) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT dedupe_key FROM rl_markers WHERE project = ? AND session_id = ? AND kind = ? AND trace_id = ?")) {
      ps.setString(1, project);
      ps.setString(2, m.sessionId());
      ps.setString(3, BACKEND_ERROR);
      ps.setString(4, m.traceId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1);
          if (!Marker.isStandInKey(key)) {
            return true;
          }
        }
        return false;
      }
    }
  }

  /** Deletes the stand-in markers of {@code m}'s trace in its session; @return how many there were. */
  private static int removeStandIns(Connection c, String project, Marker m) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM rl_markers WHERE project = ? AND session_id = ? AND kind = ? AND trace_id = ? AND dedupe_key LIKE ?")) {
      ps.setString(1, project);
      ps.setString(2, m.sessionId());
      ps.setString(3, BACKEND_ERROR);
      ps.setString(4, m.traceId());
      ps.setString(5, "%" + Marker.standInKey(""));
      return ps.executeUpdate();
    }
  }

  private static boolean markerExists(Connection c, String project, String dedupeKey) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rl_markers WHERE project = ? AND dedupe_key = ?")) {
      ps.setString(1, project);
      ps.setString(2, dedupeKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Inserts the links not stored yet; both statements are prepared once for the whole batch. */
  private static int insertTraceLinks(Connection c, String project, Collection<TraceLink> links) throws SQLException {
    int added = 0;
    try (PreparedStatement exists = c.prepareStatement(
            "SELECT 1 FROM rl_trace_links WHERE trace_id = ? AND project = ? AND session_id = ? AND ts = ?");
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO rl_trace_links (project, trace_id, session_id, ts, source) VALUES (?,?,?,?,?)")) {
      for (TraceLink link : new LinkedHashSet<>(links)) {
        exists.setString(1, link.traceId());
        exists.setString(2, project);
        exists.setString(3, link.sessionId());
        exists.setLong(4, link.timestamp());
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            continue;
          }
        }
        insert.setString(1, project);
        insert.setString(2, link.traceId());
        insert.setString(3, link.sessionId());
        insert.setLong(4, link.timestamp());
        insert.setString(5, link.source());
        insert.executeUpdate();
        added++;
      }
    }
    return added;
  }

  private static List<String> sessionIds(Connection c, String sql, String project, String userId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, project);
      ps.setString(2, userId);
      return strings(ps);
    }
  }

  private static List<String> strings(PreparedStatement ps) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Thrown inside the transaction to roll it back when the batch key exists already. */
  private static final class DuplicateBatch extends RuntimeException {
    DuplicateBatch() {
      super(null, null, false, false);
    }
  }

  /** Thrown inside the transaction to roll it back when the batch would exceed a session limit. */
  private static final class LimitReached extends RuntimeException {
    final String reason;
    final long at;

    LimitReached(String reason, long at) {
      super(null, null, false, false);
      this.reason = reason;
      this.at = at;
    }
  }

  @FunctionalInterface
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  /**
   * Runs a transaction, retrying when a concurrent writer won a race on a unique key or the
   * database chose this transaction as a deadlock/serialisation victim.
   */
  @SuppressWarnings("unchecked")
  static <T> T retrying(String what, SqlCall<T> call, boolean duplicateIsResult) {
    SQLException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return call.call();
      } catch (DuplicateBatch d) {
        if (duplicateIsResult) {
          return (T) new WriteResult(0, true);
        }
        throw d;
      } catch (SQLException e) {
        last = e;
        String state = e.getSQLState();
        boolean transientFailure = JdbcStorage.isUniqueViolation(e)
            || (state != null && (state.startsWith("40") || state.equals("HYT00")));
        if (!transientFailure) {
          break;
        }
      }
    }
    throw new StorageException("Could not " + what, last);
  }
}
