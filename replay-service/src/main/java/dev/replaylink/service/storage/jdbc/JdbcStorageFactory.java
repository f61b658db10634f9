package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.MarkerReconciler;
import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.RecordingStorageConfiguration;
import dev.replaylink.service.storage.StorageComponent;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.connection.ConnectionStatus;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * The JDBC storage component on the service's default data source (migrated by Flyway at start-up).
 * Statements take connections of their own from the pool, or, when a Micronaut Data transaction is
 * open on the thread, run on its connection, so they and the repositories commit together. With
 * {@code replaylink.storage.recordings.type: s3} the recordings' chunks go to the object store,
 * whose bucket is checked (and created when missing) as this component is created, at start-up.
 */
@Factory
final class JdbcStorageFactory {
  @Singleton
  @Bean(preDestroy = "close")
  StorageComponent jdbcStorage(
      DataSource dataSource,
      ConnectionOperations<Connection> connections,
      MarkerReconciler reconciler,
      SignInSessionRepository uiSessions,
      LoginFailureRepository loginFailures,
      LocalCredentialRepository localCredentials,
      RecordingStorageConfiguration recordings,
      BeanProvider<ObjectStore> objects) {
    ObjectStore store =
        recordings.getType() == RecordingStorageConfiguration.Type.S3 ? objects.get() : null;
    Sql sql =
        new Sql(
            DelegatingDataSource.unwrapDataSource(dataSource),
            () ->
                connections
                    .findConnectionStatus()
                    .map(ConnectionStatus::getConnection)
                    .orElse(null));
    return new JdbcStorage(sql, store, reconciler, uiSessions, loginFailures, localCredentials);
  }
}
