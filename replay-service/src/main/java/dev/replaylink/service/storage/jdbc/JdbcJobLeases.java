package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.JobLeaseStore;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The {@code rl_job_leases} table. Taking a lease is the INSERT of a new job's row or one
 * conditional UPDATE, so two instances can never both hold it.
 */
final class JdbcJobLeases implements JobLeaseStore {
  private final Sql sql;

  JdbcJobLeases(Sql sql) {
    this.sql = sql;
  }

  @Override
  public boolean tryAcquire(String job, String owner, Duration ttl, long now) {
    return take(job, owner, ttl, now, now, owner);
  }

  @Override
  public boolean tryClaimExpired(String job, String owner, Duration ttl, long now) {
    return take(job, owner, ttl, now, now + 1, null);
  }

  /**
   * Takes the lease until {@code now + ttl} when the job has no row yet, when it expired before
   * {@code expiredBefore}, or when {@code holder} (null: nobody) holds it: the one statement of
   * both ways of taking it.
   */
  private boolean take(
      String job, String owner, Duration ttl, long now, long expiredBefore, String holder) {
    long until = now + ttl.toMillis();
    return sql.connection(
        "take the lease of job " + job,
        c -> {
          try {
            Sql.update(
                c,
                "INSERT INTO rl_job_leases (name, owner, locked_until) VALUES (?,?,?)",
                job,
                owner,
                until);
            return true;
          } catch (SQLException e) {
            if (!Sql.isUniqueViolation(e)) {
              throw e;
            }
          }
          return Sql.update(
                  c,
                  "UPDATE rl_job_leases SET owner = ?, locked_until = ? WHERE name = ? AND (locked_until < ? OR owner = ?)",
                  owner,
                  until,
                  job,
                  expiredBefore,
                  holder)
              == 1;
        });
  }

  @Override
  public boolean holdUntil(String job, String owner, long until) {
    return sql.connection(
        "extend the lease of job " + job,
        c ->
            Sql.update(
                    c,
                    "UPDATE rl_job_leases SET locked_until = ? WHERE name = ? AND owner = ?",
                    until,
                    job,
                    owner)
                == 1);
  }

  @Override
  public void release(String job, String owner) {
    sql.connection(
        "release the lease of job " + job,
        c ->
            Sql.update(
                c,
                "UPDATE rl_job_leases SET locked_until = 0 WHERE name = ? AND owner = ?",
                job,
                owner));
  }
}
