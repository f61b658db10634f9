package dev.replaylink.service.jobs;

import dev.replaylink.service.auth.Project;
import dev.replaylink.service.auth.ProjectRegistry;
import dev.replaylink.service.metrics.ServiceMeters;
import dev.replaylink.service.storage.DeletionStore;
import dev.replaylink.service.storage.JobLeaseStore;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes sessions older than their project's {@code retention-days}, and the batch keys received
 * before that, in chunks of {@link #CHUNK} so that no transaction holds locks for long.
 *
 * <p>Runs once per {@code replaylink.retention.interval} across all instances sharing the database:
 * a run claims the {@link JobLeaseStore job lease} only once it has expired, and when done keeps it
 * until the run's start plus the interval instead of releasing it. So instances on different
 * schedules (each starts its own timer) do not each purge every interval. While a run is going the
 * lease is held for {@link #RUN_GUARD} and renewed between chunks; a crashed run frees the job
 * after that.
 */
@Singleton
@Requires(property = "replaylink.retention.enabled", notEquals = "false")
final class RetentionJob {
  static final int CHUNK = 200;
  static final String JOB = "retention";
  static final Duration RUN_GUARD = Duration.ofMinutes(30);
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private final DeletionStore writer;
  private final Supplier<? extends Collection<Project>> projects;
  private final JobLeaseStore lease;
  private final Duration interval;
  private final LongSupplier clock;
  private final int chunk;
  private final String owner = UUID.randomUUID().toString();
  private final ObjLongConsumer<String> deletedCounter;

  @Inject
  RetentionJob(
      DeletionStore writer,
      ProjectRegistry projects,
      JobLeaseStore lease,
      @Value("${replaylink.retention.interval:1h}") Duration interval,
      ServiceMeters meters) {
    this(
        writer,
        projects::all,
        lease,
        interval,
        System::currentTimeMillis,
        CHUNK,
        meters::retentionDeleted);
  }

  RetentionJob(
      DeletionStore writer,
      Supplier<? extends Collection<Project>> projects,
      JobLeaseStore lease,
      Duration interval,
      LongSupplier clock,
      int chunk) {
    this(writer, projects, lease, interval, clock, chunk, (project, sessions) -> {});
  }

  RetentionJob(
      DeletionStore writer,
      Supplier<? extends Collection<Project>> projects,
      JobLeaseStore lease,
      Duration interval,
      LongSupplier clock,
      int chunk,
      ObjLongConsumer<String> deletedCounter) {
    this.deletedCounter = deletedCounter;
    this.writer = writer;
    this.projects = projects;
    this.lease = lease;
    this.interval = interval;
    this.clock = clock;
    this.chunk = chunk;
  }

  @Scheduled(
      initialDelay = "${replaylink.retention.initial-delay:5m}",
      fixedDelay = "${replaylink.retention.interval:1h}")
  void run() {
    runOnce();
  }

  /**
   * Purges every project unless another run (on any instance) started less than an interval ago.
   * Returns whether it ran.
   */
  boolean runOnce() {
    long start = clock.getAsLong();
    try {
      if (!lease.tryClaimExpired(JOB, owner, RUN_GUARD, start)) {
        LOG.debug("Retention ran less than {} ago (on this or another instance)", interval);
        return false;
      }
    } catch (StorageException e) {
      LOG.warn("Retention skipped: the job lease could not be taken", e);
      return false;
    }
    try {
      purge();
    } finally {
      try {
        lease.holdUntil(JOB, owner, start + interval.toMillis());
      } catch (StorageException e) {
        LOG.warn(
            "Retention: the job lease could not be kept; it frees itself after {}", RUN_GUARD, e);
      }
    }
    return true;
  }

  /** Purges every project once; returns how many sessions were deleted. */
  int purge() {
    int deleted = 0;
    for (Project project : projects.get()) {
      long cutoff = clock.getAsLong() - Duration.ofDays(project.retentionDays()).toMillis();
      int sessions = 0;
      int keys = 0;
      try {
        int n;
        do {
          n = writer.purgeEndedBefore(project.name(), cutoff, chunk);
          sessions += n;
        } while (n == chunk && stillHeld());
        do {
          n = writer.purgeBatchKeysBefore(project.name(), cutoff, chunk);
          keys += n;
        } while (n == chunk && stillHeld());
      } catch (StorageException e) {
        LOG.warn(
            "Retention purge of project {} stopped after {} sessions; it resumes on the next run",
            project.name(),
            sessions,
            e);
      }
      if (sessions > 0 || keys > 0) {
        LOG.info(
            "Retention: deleted {} sessions and {} batch keys of project {} older than {} days",
            sessions,
            keys,
            project.name(),
            project.retentionDays());
      }
      deletedCounter.accept(project.name(), sessions);
      deleted += sessions;
    }
    return deleted;
  }

  /** Renews the lease between chunks; false (stop) when another instance has taken the job over. */
  private boolean stillHeld() {
    boolean held = lease.holdUntil(JOB, owner, clock.getAsLong() + RUN_GUARD.toMillis());
    if (!held) {
      LOG.warn("Retention: another instance took the job over; this run stops");
    }
    return held;
  }
}
