package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.AuditEntry;
import dev.replaylink.service.model.AuditQuery;
import dev.replaylink.service.storage.AuditStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rl_access_audit}: one INSERT per access; searches walk the (at, id) index newest first.
 */
final class JdbcAudit implements AuditStore {
  private final Sql sql;

  JdbcAudit(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void record(AuditEntry e) {
    sql.connection(
        "record an access in the audit",
        c ->
            Sql.update(
                c,
                "INSERT INTO rl_access_audit (at, user_name, action, project, session_id, user_id, client) VALUES (?,?,?,?,?,?,?)",
                e.at(),
                e.user(),
                e.action(),
                e.project(),
                e.sessionId(),
                e.userId(),
                e.client()));
  }

  @Override
  public List<AuditEntry> search(AuditQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    condition(where, args, " AND user_name = ?", q.user());
    condition(where, args, " AND session_id = ?", q.sessionId());
    condition(where, args, " AND action = ?", q.action());
    condition(where, args, " AND at >= ?", q.from());
    condition(where, args, " AND at < ?", q.to());
    if (q.afterAt() != null) {
      where.append(" AND (at < ? OR (at = ? AND id < ?))");
      args.add(q.afterAt());
      args.add(q.afterAt());
      args.add(q.afterId());
    }
    args.add(q.limit() + 1);
    return sql.connection(
        "search the audit",
        c ->
            Sql.query(
                c,
                "SELECT id, at, user_name, action, project, session_id, user_id, client FROM rl_access_audit"
                    + where
                    + " ORDER BY at DESC, id DESC LIMIT ?",
                args,
                rs ->
                    new AuditEntry(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8))));
  }

  private static void condition(
      StringBuilder where, List<Object> args, String clause, Object value) {
    if (value != null) {
      where.append(clause);
      args.add(value);
    }
  }

  @Override
  public int deleteBefore(long before) {
    return sql.connection(
        "delete old audit entries",
        c -> Sql.update(c, "DELETE FROM rl_access_audit WHERE at < ?", before));
  }
}
