package dev.replaylink.bench.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;

/**
 * Fills the service's schema directly with JDBC batches: {@code sessions} sessions over the last 30
 * days (one in ten with errors, 20,000 distinct users) and {@code links} trace links spread over
 * them. Trace IDs are derivable ({@link #traceId}) so lookups can pick existing ones.
 */
final class QuerySeed {
  static final String PROJECT = "bench";
  static final int USERS = 20_000;
  private static final int BATCH = 5_000;

  private QuerySeed() {}

  static String sessionId(int n) {
    return String.format("seed-session-%07d", n);
  }

  static String userId(int n) {
    return "user-" + (n % USERS);
  }

  /**
   * The trace ID of link {@code n}: 32 hex digits, unique per n and increasing with n, so seeding
   * appends to the trace index instead of splitting pages all over it (seeding 1,000,000 links in
   * random order takes minutes on H2). The index a lookup walks has the same depth either way.
   */
  static String traceId(long n) {
    long mixed = n * 0x9E3779B97F4A7C15L;
    return String.format("%010x%022x", n, mixed & 0x3FFFFFFFFFFFFFFFL);
  }

  static void seed(Connection c, int sessions, int links, int markersPerSession, long now)
      throws SQLException {
    c.setAutoCommit(false);
    Random random = new Random(42);
    long t0 = System.nanoTime();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_sessions (project, session_id, started_at, ended_at, user_id, entry_url,"
                + " event_count, error_count, rage_click_count, dead_click_count, mouse_thrash_count, stored_bytes, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (int i = 0; i < sessions; i++) {
        long started = startedAt(i, sessions, now);
        ps.setString(1, PROJECT);
        ps.setString(2, sessionId(i));
        ps.setLong(3, started);
        ps.setLong(4, started + 10_000 + random.nextInt(1_800_000));
        ps.setString(5, userId(i));
        ps.setString(6, "https://shop.example.com/product/" + random.nextInt(500));
        ps.setLong(7, 100 + random.nextInt(5_000));
        ps.setLong(8, i % 10 == 0 ? 1 + random.nextInt(3) : 0);
        ps.setLong(9, random.nextInt(20) == 0 ? 1 : 0);
        ps.setLong(10, 0);
        ps.setLong(11, 0);
        ps.setLong(12, 50_000 + random.nextInt(500_000));
        ps.setLong(13, now);
        ps.addBatch();
        if ((i + 1) % BATCH == 0 || i + 1 == sessions) {
          ps.executeBatch();
          c.commit();
        }
      }
    }
    System.out.printf("  %,d sessions in %.1fs%n", sessions, (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_trace_links (project, trace_id, session_id, ts, source) VALUES (?,?,?,?,?)")) {
      for (int i = 0; i < links; i++) {
        int session = (int) ((long) i * sessions / links);
        ps.setString(1, PROJECT);
        ps.setString(2, traceId(i));
        ps.setString(3, sessionId(session));
        ps.setLong(4, startedAt(session, sessions, now) + random.nextInt(600_000));
        ps.setString(5, "browser");
        ps.addBatch();
        if ((i + 1) % BATCH == 0 || i + 1 == links) {
          ps.executeBatch();
          c.commit();
          if ((i + 1) % 200_000 == 0) {
            System.out.printf("  %,d trace links (%.1fs)%n", i + 1, (System.nanoTime() - t0) / 1e9);
          }
        }
      }
    }
    t0 = System.nanoTime();
    // Markers as a recording leaves them: page loads (the summary counts them as pages visited) and
    // failed requests, in session order like ingest writes them.
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rl_markers (project, session_id, ts, kind, label, group_key) VALUES (?,?,?,?,?,?)")) {
      long n = 0;
      for (int i = 0; i < sessions; i++) {
        long started = startedAt(i, sessions, now);
        for (int m = 0; m < markersPerSession; m++) {
          boolean page = m % 2 == 0;
          String label =
              page
                  ? "https://shop.example.com/product/" + random.nextInt(500)
                  : "POST https://shop.example.com/api/checkout → 500";
          ps.setString(1, PROJECT);
          ps.setString(2, sessionId(i));
          ps.setLong(3, started + 1_000L * m);
          ps.setString(4, page ? "navigation" : "network");
          ps.setString(5, label);
          ps.setString(6, page ? label : "POST /api/checkout");
          ps.addBatch();
          if (++n % BATCH == 0) {
            ps.executeBatch();
            c.commit();
          }
        }
      }
      ps.executeBatch();
      c.commit();
      System.out.printf("  %,d markers in %.1fs%n", n, (System.nanoTime() - t0) / 1e9);
    }
    c.setAutoCommit(true);
  }

  /** Sessions evenly spread over the 30 days before {@code now}, session 0 the oldest. */
  static long startedAt(int n, int sessions, long now) {
    return now - 30L * 86_400_000L + (long) n * (30L * 86_400_000L / sessions);
  }
}
