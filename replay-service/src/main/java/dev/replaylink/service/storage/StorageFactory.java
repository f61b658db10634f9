package dev.replaylink.service.storage;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** Wires the JDBC storage to the service's default data source (migrated by Flyway at start-up). */
@Factory
final class StorageFactory {
  @Singleton
  JdbcStorage jdbcStorage(DataSource dataSource) {
    return JdbcStorage.create(dataSource);
  }

  @Singleton
  @Bean
  RecordingWriter recordingWriter(JdbcStorage storage) {
    return storage.writer();
  }

  @Singleton
  @Bean
  RecordingReader recordingReader(JdbcStorage storage) {
    return storage.reader();
  }

  @Singleton
  @Bean
  UiSessionStore uiSessionStore(JdbcStorage storage) {
    return storage.uiSessions();
  }

  @Singleton
  @Bean
  LoginFailureStore loginFailureStore(JdbcStorage storage) {
    return storage.loginFailures();
  }

  @Singleton
  @Bean
  LocalCredentialStore localCredentialStore(JdbcStorage storage) {
    return storage.localCredentials();
  }

  @Singleton
  @Bean
  SpanStore spanStore(JdbcStorage storage) {
    return storage.spans();
  }
}
