package dev.replaylink.service.storage.s3;

import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.RecordingStorageConfiguration;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code GET /health} (and {@code /health/readiness}) with the recordings in an object store: DOWN
 * while the bucket does not answer within the store's timeout, so a load balancer sends ingest to
 * instances that can store it.
 */
@Singleton
@Readiness
@Requires(property = RecordingStorageConfiguration.PREFIX + ".type", value = "s3")
final class ObjectStoreHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final ObjectStore store;

  ObjectStoreHealthIndicator(
      ObjectStore store, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
    this.store = store;
    setExecutorService(executor);
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    try {
      store.check();
      healthStatus = HealthStatus.UP;
      return Map.of("store", "s3");
    } catch (StorageException e) {
      healthStatus = HealthStatus.DOWN;
      return Map.of("store", "s3", "error", "the bucket does not answer");
    }
  }

  @Override
  protected String getName() {
    return "recordingObjects";
  }
}
