package dev.replaylink.service.storage.s3;

import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.RecordingStorageConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The object store of {@code replaylink.storage.recordings.type: s3}, created when the storage
 * component asks for it: at start-up, which then fails with a message naming the key when the
 * bucket cannot be reached or created. {@link ExecutionInterceptor} beans see every SDK call.
 */
@Factory
final class S3StoreFactory {
  @Singleton
  @Requires(property = RecordingStorageConfiguration.PREFIX + ".type", value = "s3")
  @Bean(preDestroy = "close")
  ObjectStore objectStore(
      RecordingStorageConfiguration config, List<ExecutionInterceptor> interceptors) {
    S3ObjectStore store = S3ObjectStore.create(config.getS3(), interceptors);
    try {
      store.createBucketIfMissing();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }
}
