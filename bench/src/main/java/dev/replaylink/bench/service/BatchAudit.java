package dev.replaylink.bench.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.BitSet;

/**
 * After the run, what the database holds against what the load generator was told: every
 * acknowledged batch must have its chunk (part 0) in {@code rl_chunks} once, no chunk part twice,
 * and each session's {@code event_count} must be the sum of its acknowledged batches' events.
 */
final class BatchAudit {
  record Result(
      long acked,
      long missing,
      long duplicated,
      long storedNotAcked,
      long refused,
      long gaveUp,
      long sessionsWithWrongCount) {
    boolean clean() {
      return missing == 0 && duplicated == 0 && sessionsWithWrongCount == 0;
    }
  }

  private BatchAudit() {}

  static Result check(Connection c, String runId, BatchLedger ledger) throws SQLException {
    int sessions = ledger.sessions;
    BitSet stored = new BitSet();
    long duplicated = 0;
    String like = runId + "-s%";
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT session_id, seq, part, count(*) FROM rl_chunks"
                + " WHERE project = 'bench' AND session_id LIKE ? GROUP BY session_id, seq, part")) {
      st.setString(1, like);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          int i = rs.getInt(2) * sessions + session(rs.getString(1));
          if (rs.getInt(3) == 0) {
            stored.set(i);
          }
          if (rs.getLong(4) > 1) {
            duplicated++;
          }
        }
      }
    }
    long missing = 0;
    long storedNotAcked = 0;
    long[] expectedEvents = new long[sessions];
    for (int i = 0; i < ledger.capacity(); i++) {
      boolean acked = ledger.state(i) == BatchLedger.ACKED;
      if (acked) {
        expectedEvents[i % sessions] += ledger.events(i);
        if (!stored.get(i)) {
          missing++;
        }
      } else if (stored.get(i)) {
        storedNotAcked++;
      }
    }
    long wrongCounts = 0;
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT session_id, event_count FROM rl_sessions"
                + " WHERE project = 'bench' AND session_id LIKE ?")) {
      st.setString(1, like);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (rs.getLong(2) != expectedEvents[session(rs.getString(1))]) {
            wrongCounts++;
          }
        }
      }
    }
    return new Result(
        ledger.count(BatchLedger.ACKED),
        missing,
        duplicated,
        storedNotAcked,
        ledger.count(BatchLedger.REFUSED),
        ledger.count(BatchLedger.GAVE_UP),
        wrongCounts);
  }

  private static int session(String sessionId) {
    return Integer.parseInt(sessionId.substring(sessionId.lastIndexOf("-s") + 2));
  }
}
