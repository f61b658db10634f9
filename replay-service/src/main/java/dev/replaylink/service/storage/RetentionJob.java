package dev.replaylink.service.storage;

import dev.replaylink.service.auth.Project;
import dev.replaylink.service.auth.ProjectRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes sessions older than their project's {@code retention-days}, in batches of
 * {@link #BATCH} sessions so that no transaction holds locks for long. With several instances, a
 * {@link JobLease} in the shared database lets one of them run it at a time.
 */
@Singleton
@Requires(property = "replaylink.retention.enabled", notEquals = "false")
final class RetentionJob {
  static final int BATCH = 200;
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  static final String JOB = "retention";
  static final java.time.Duration LEASE = java.time.Duration.ofMinutes(30);

  private final RecordingWriter writer;
  private final ProjectRegistry projects;
  private final JobLease lease;
  private final String owner = java.util.UUID.randomUUID().toString();

  RetentionJob(RecordingWriter writer, ProjectRegistry projects, JobLease lease) {
    this.writer = writer;
    this.projects = projects;
    this.lease = lease;
  }

  @Scheduled(initialDelay = "${replaylink.retention.initial-delay:5m}", fixedDelay = "${replaylink.retention.interval:1h}")
  void run() {
    try {
      if (!lease.tryAcquire(JOB, owner, LEASE)) {
        LOG.debug("Retention runs on another instance");
        return;
      }
    } catch (StorageException e) {
      LOG.warn("Retention skipped: the job lease could not be taken", e);
      return;
    }
    try {
      purge();
    } finally {
      lease.release(JOB, owner);
    }
  }

  /** Purges every project once; returns how many sessions were deleted. */
  int purge() {
    int deleted = 0;
    for (Project project : projects.all()) {
      long cutoff = System.currentTimeMillis() - Duration.ofDays(project.retentionDays()).toMillis();
      int total = 0;
      try {
        int n;
        do {
          n = writer.purgeEndedBefore(project.name(), cutoff, BATCH);
          total += n;
        } while (n == BATCH);
      } catch (StorageException e) {
        LOG.warn("Retention purge of project {} stopped after {} sessions; it resumes on the next run", project.name(), total, e);
      }
      if (total > 0) {
        LOG.info("Retention: deleted {} sessions of project {} older than {} days", total, project.name(), project.retentionDays());
      }
      deleted += total;
    }
    return deleted;
  }
}
