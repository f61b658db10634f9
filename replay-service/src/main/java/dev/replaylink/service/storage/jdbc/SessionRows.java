package dev.replaylink.service.storage.jdbc;

import dev.replaylink.protocol.PauseReasons;
import dev.replaylink.service.model.SessionDelta;
import dev.replaylink.service.model.SessionLimits;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code rl_sessions} row of a session: created by its first batch or marker, then extended
 * under its row lock. Writers, compaction and deletion all take that lock before touching the
 * session's other rows, so they never deadlock and never leave a row behind.
 */
final class SessionRows {
  private SessionRows() {}

  /** Thrown inside the transaction to roll it back when the batch would exceed a session limit. */
  static final class LimitReached extends RuntimeException {
    final String limit;
    final long stoppedAt;

    LimitReached(String limit, long stoppedAt) {
      super(null, null, false, false);
      this.limit = limit;
      this.stoppedAt = stoppedAt;
    }
  }

  /**
   * Adds the delta to the session row, creating it on the first write. The common case is one
   * UPDATE that takes the row lock, applies the delta relative to the stored values (so a
   * concurrent writer's change is never overwritten with a value read earlier) and checks the
   * limits in its WHERE clause; only a new session or a refused batch needs more statements.
   *
   * @throws LimitReached when the delta would take the session past a limit (nothing changed)
   */
  static void upsert(
      Connection c,
      String project,
      String sessionId,
      SessionDelta d,
      long now,
      SessionLimits limits)
      throws SQLException {
    if (update(c, project, sessionId, d, now, limits)) {
      return;
    }
    long[] row =
        Sql.single(
            c,
            "SELECT started_at, ended_at, stored_bytes FROM rl_sessions WHERE project = ? AND session_id = ? FOR UPDATE",
            List.of(project, sessionId),
            rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
    if (row != null) {
      if (row[2] > limits.maxStoredBytes() - d.storedBytes()) {
        throw new LimitReached(PauseReasons.LIMIT_BYTES, row[1]);
      }
      if (Math.max(row[1], d.endedAt()) - Math.min(row[0], d.startedAt())
          > limits.maxDurationMs()) {
        throw new LimitReached(PauseReasons.LIMIT_DURATION, row[1]);
      }
      // within the limits now that the row is locked (compaction made room meanwhile)
      if (!update(c, project, sessionId, d, now, limits)) {
        throw new SQLException("session row " + sessionId + " changed while locked");
      }
      return;
    }
    checkNew(d, limits);
    insert(c, project, sessionId, d, now, "VALUES (" + Sql.placeholders(14) + ")");
  }

  /**
   * Creates the row of a session that was not stored when its batch was read, in one statement
   * instead of the three of {@link #upsert} (no row to update, none to lock); when the row exists
   * after all (another batch, another instance) it goes on as {@link #upsert}.
   *
   * @throws LimitReached as {@link #upsert}
   */
  static void insertOrUpsert(
      Connection c,
      String project,
      String sessionId,
      SessionDelta d,
      long now,
      SessionLimits limits)
      throws SQLException {
    checkNew(d, limits);
    if (insert(
            c,
            project,
            sessionId,
            d,
            now,
            // typed, so that PostgreSQL knows the selected values' types
            "SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT),"
                + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT),"
                + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),"
                + " CAST(? AS BOOLEAN) WHERE NOT EXISTS (SELECT 1 FROM rl_sessions WHERE project = ? AND session_id = ?)",
            project,
            sessionId)
        == 0) {
      upsert(c, project, sessionId, d, now, limits);
    }
  }

  /** The limits a session's first delta must keep on its own. */
  private static void checkNew(SessionDelta d, SessionLimits limits) {
    if (d.storedBytes() > limits.maxStoredBytes()) {
      throw new LimitReached(PauseReasons.LIMIT_BYTES, d.startedAt());
    }
    if (d.endedAt() - d.startedAt() > limits.maxDurationMs()) {
      throw new LimitReached(PauseReasons.LIMIT_DURATION, d.startedAt());
    }
  }

  /** The new row from {@code rows} (VALUES or a SELECT), with {@code extra} parameters after it. */
  private static int insert(
      Connection c,
      String project,
      String sessionId,
      SessionDelta d,
      long now,
      String rows,
      Object... extra)
      throws SQLException {
    List<Object> args =
        new ArrayList<>(
            Arrays.asList(
                project, sessionId, d.startedAt(), d.endedAt(), d.userId(), d.entryUrl()));
    args.addAll(counters(d));
    args.add(now);
    args.add(d.eventCount() > 0);
    args.addAll(Arrays.asList(extra));
    return Sql.update(
        c,
        "INSERT INTO rl_sessions (project, session_id, started_at, ended_at, user_id, entry_url, event_count, error_count,"
            + " rage_click_count, dead_click_count, mouse_thrash_count, stored_bytes, updated_at, compaction_due) "
            + rows,
        args.toArray());
  }

  /**
   * Applies the delta when the row exists and stays within the limits; false otherwise (nothing
   * changed).
   */
  private static boolean update(
      Connection c,
      String project,
      String sessionId,
      SessionDelta d,
      long now,
      SessionLimits limits)
      throws SQLException {
    List<Object> args =
        new ArrayList<>(
            Arrays.asList(d.startedAt(), d.endedAt(), d.userId(), d.startedAt(), d.entryUrl()));
    args.addAll(counters(d));
    args.addAll(
        List.of(
            now,
            project,
            sessionId,
            limits.maxStoredBytes() - d.storedBytes(),
            d.endedAt(),
            d.startedAt(),
            limits.maxDurationMs()));
    // SET expressions see the row as it was before this statement (SQL standard; H2 and PostgreSQL)
    return Sql.update(
            c,
            "UPDATE rl_sessions SET started_at = LEAST(started_at, ?), ended_at = GREATEST(ended_at, ?),"
                + " user_id = COALESCE(?, user_id),"
                + " entry_url = CASE WHEN entry_url IS NULL OR ? < started_at THEN COALESCE(?, entry_url) ELSE entry_url END,"
                + " event_count = event_count + ?, error_count = error_count + ?, rage_click_count = rage_click_count + ?,"
                + " dead_click_count = dead_click_count + ?, mouse_thrash_count = mouse_thrash_count + ?, stored_bytes = stored_bytes + ?,"
                + " updated_at = ?"
                + (d.eventCount() > 0 ? ", compaction_due = TRUE" : "")
                + " WHERE project = ? AND session_id = ? AND stored_bytes <= ?"
                + " AND GREATEST(ended_at, ?) - LEAST(started_at, ?) <= ?",
            args.toArray())
        > 0;
  }

  /** The delta's five counts and its stored bytes, in the order of their columns. */
  private static List<Object> counters(SessionDelta d) {
    return List.of(
        (long) d.eventCount(),
        (long) d.errorCount(),
        (long) d.rageClickCount(),
        (long) d.deadClickCount(),
        (long) d.mouseThrashCount(),
        d.storedBytes());
  }

  /** Locks the session row; returns its end, or null when there is no such session. */
  static Long lock(Connection c, String project, String sessionId) throws SQLException {
    return Sql.single(
        c,
        "SELECT ended_at FROM rl_sessions WHERE project = ? AND session_id = ? FOR UPDATE",
        List.of(project, sessionId),
        rs -> rs.getLong(1));
  }
}
