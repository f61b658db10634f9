package dev.replaylink.service.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A lease on a named job in the shared database: of several instances, only the holder runs the
 * job until the lease expires or is released. Taking it is one conditional UPDATE, so two
 * instances can never both hold it.
 */
final class JobLease implements JobLeaseStore {
  private final DataSource dataSource;

  JobLease(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean tryAcquire(String job, String owner, Duration ttl, long now) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO rl_job_leases (name, owner, locked_until) VALUES (?,?,?)")) {
        ps.setString(1, job);
        ps.setString(2, owner);
        ps.setLong(3, now + ttl.toMillis());
        ps.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (!JdbcStorage.isUniqueViolation(e)) {
          throw e;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE rl_job_leases SET owner = ?, locked_until = ? WHERE name = ? AND (locked_until < ? OR owner = ?)")) {
        ps.setString(1, owner);
        ps.setLong(2, now + ttl.toMillis());
        ps.setString(3, job);
        ps.setLong(4, now);
        ps.setString(5, owner);
        return ps.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new StorageException("Could not take the lease of job " + job, e);
    }
  }

  @Override
  public boolean tryClaimExpired(String job, String owner, Duration ttl, long now) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO rl_job_leases (name, owner, locked_until) VALUES (?,?,?)")) {
        ps.setString(1, job);
        ps.setString(2, owner);
        ps.setLong(3, now + ttl.toMillis());
        ps.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (!JdbcStorage.isUniqueViolation(e)) {
          throw e;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE rl_job_leases SET owner = ?, locked_until = ? WHERE name = ? AND locked_until <= ?")) {
        ps.setString(1, owner);
        ps.setLong(2, now + ttl.toMillis());
        ps.setString(3, job);
        ps.setLong(4, now);
        return ps.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new StorageException("Could not take the lease of job " + job, e);
    }
  }

  @Override
  public boolean holdUntil(String job, String owner, long until) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE rl_job_leases SET locked_until = ? WHERE name = ? AND owner = ?")) {
      ps.setLong(1, until);
      ps.setString(2, job);
      ps.setString(3, owner);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StorageException("Could not extend the lease of job " + job, e);
    }
  }

  @Override
  public void release(String job, String owner) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE rl_job_leases SET locked_until = 0 WHERE name = ? AND owner = ?")) {
      ps.setString(1, job);
      ps.setString(2, owner);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("Could not release the lease of job " + job, e);
    }
  }
}
