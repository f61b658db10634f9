package dev.replaylink.service.otlp;

import dev.replaylink.service.storage.SpanStore;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spans often arrive before their session's first batch, and a session buffered in the browser for
 * errors may never be sent: spans of a session that is still not recorded {@link #GRACE} after its
 * first span are deleted. Idempotent, so every instance may run it.
 */
@Singleton
@Requires(property = "replaylink.retention.enabled", notEquals = "false")
final class UnrecordedSpanSweep {
  static final Duration GRACE = Duration.ofMinutes(15);
  private static final int SESSIONS_PER_RUN = 500;
  private static final Logger LOG = LoggerFactory.getLogger(UnrecordedSpanSweep.class);

  private final SpanStore store;

  UnrecordedSpanSweep(SpanStore store) {
    this.store = store;
  }

  @Scheduled(initialDelay = "5m", fixedDelay = "5m")
  void run() {
    try {
      int n =
          store.purgeUnrecorded(System.currentTimeMillis() - GRACE.toMillis(), SESSIONS_PER_RUN);
      if (n > 0) {
        LOG.info("Deleted the spans of {} sessions that were never recorded", n);
      }
    } catch (StorageException e) {
      LOG.warn("Sweep of spans of unrecorded sessions failed; it runs again later", e);
    }
  }
}
