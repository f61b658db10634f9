package dev.replaylink.service.storage;

import java.time.Duration;

/**
 * Leases on named jobs: of several instances sharing the store, only the holder runs the job until
 * the lease expires or is released; two instances never both hold it. Throws {@link
 * StorageException} when the store fails.
 */
public interface JobLeaseStore {

  /**
   * Takes the lease until {@code now + ttl} if it is free, expired, or already held by {@code
   * owner}.
   */
  boolean tryAcquire(String job, String owner, Duration ttl, long now);

  /**
   * Takes the lease until {@code now + ttl} only if it has expired, whoever held it, the caller
   * included. A periodic job that claims it like this for its interval, and does not release it
   * after running, runs once per interval across all instances whatever their schedules.
   */
  boolean tryClaimExpired(String job, String owner, Duration ttl, long now);

  /**
   * Sets when the lease held by {@code owner} expires (earlier or later than now). Returns false
   * when {@code owner} no longer holds it.
   */
  boolean holdUntil(String job, String owner, long until);

  /** Gives the lease back early, if {@code owner} holds it. */
  void release(String job, String owner);
}
