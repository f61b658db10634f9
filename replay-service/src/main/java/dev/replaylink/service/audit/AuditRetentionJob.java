package dev.replaylink.service.audit;

import dev.replaylink.service.storage.AuditStore;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit entries older than {@code replaylink.audit.retention-days}, hourly. One DELETE by
 * age, so several instances running it at once do the same work harmlessly.
 */
@Singleton
final class AuditRetentionJob {
  private static final Logger LOG = LoggerFactory.getLogger(AuditRetentionJob.class);
  static final long DAY_MS = 86_400_000L;

  private final AuditStore store;
  private final AuditConfiguration config;

  AuditRetentionJob(AuditStore store, AuditConfiguration config) {
    this.store = store;
    this.config = config;
  }

  @Scheduled(initialDelay = "5m", fixedDelay = "1h")
  void run() {
    try {
      int deleted =
          store.deleteBefore(System.currentTimeMillis() - config.getRetentionDays() * DAY_MS);
      if (deleted > 0) {
        LOG.info("Deleted {} audit entries older than {} days", deleted, config.getRetentionDays());
      }
    } catch (StorageException e) {
      LOG.warn("Audit retention failed; it runs again in an hour", e);
    }
  }
}
