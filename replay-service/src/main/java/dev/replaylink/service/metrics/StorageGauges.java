package dev.replaylink.service.metrics;

import dev.replaylink.service.model.StorageUsage;
import dev.replaylink.service.storage.StorageComponent;
import dev.replaylink.service.storage.StorageException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code replaylink.storage.bytes} and {@code replaylink.compaction.backlog}: measured on a
 * schedule ({@code replaylink.metrics.storage-refresh}) rather than per scrape, so a scraper cannot
 * make the database count sessions in a loop. Until the first measurement, and while the database
 * does not answer, the gauges keep their last value.
 */
@Context
final class StorageGauges {
  static final String STORAGE_BYTES = "replaylink.storage.bytes";
  static final String COMPACTION_BACKLOG = "replaylink.compaction.backlog";
  private static final Logger LOG = LoggerFactory.getLogger(StorageGauges.class);

  private final StorageComponent storage;
  private final AtomicLong storedBytes = new AtomicLong();
  private final AtomicLong backlog = new AtomicLong();

  StorageGauges(StorageComponent storage, MeterRegistry registry) {
    this.storage = storage;
    Gauge.builder(STORAGE_BYTES, storedBytes, AtomicLong::get)
        .description("Compressed recording bytes stored over all sessions")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder(COMPACTION_BACKLOG, backlog, AtomicLong::get)
        .description("Sessions written to since they were last compacted")
        .register(registry);
  }

  @Scheduled(initialDelay = "5s", fixedDelay = "${replaylink.metrics.storage-refresh:1m}")
  void refresh() {
    try {
      StorageUsage usage = storage.usage();
      storedBytes.set(usage.storedBytes());
      backlog.set(usage.compactionBacklog());
    } catch (StorageException e) {
      LOG.warn("Storage gauges not refreshed: the database did not answer", e);
    }
  }
}
