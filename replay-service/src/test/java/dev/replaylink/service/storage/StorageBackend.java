package dev.replaylink.service.storage;

import dev.replaylink.testsupport.PostgresSchema;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The service's storage on a database of its own, as the service builds it: an application context
 * (no HTTP server, no scheduled jobs) whose data source Flyway migrates at start-up: H2 in memory
 * (dropped by {@link #close()}), or a PostgreSQL schema (see {@code PostgresSchemaExtension}).
 */
public final class StorageBackend implements AutoCloseable {
  private final ApplicationContext context;

  private StorageBackend(Map<String, Object> properties) {
    Map<String, Object> props = new HashMap<>(properties);
    props.put("replaylink.retention.enabled", "false");
    props.put("replaylink.storage.compaction.enabled", "false");
    this.context = ApplicationContext.run(props, "test");
  }

  /** An empty in-memory H2 database. */
  public static StorageBackend h2() {
    return new StorageBackend(Map.of("datasources.default.url", "jdbc:h2:mem:storage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
  }

  /** An instance on a PostgreSQL schema its creator drops; several instances may share one. */
  public static StorageBackend on(PostgresSchema schema) {
    return new StorageBackend(new HashMap<>(schema.serviceProperties()));
  }

  public StorageComponent storage() {
    return context.getBean(StorageComponent.class);
  }

  /** The pool itself, not the transaction-bound view Micronaut injects (which needs an open connection). */
  public DataSource dataSource() {
    return DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}
