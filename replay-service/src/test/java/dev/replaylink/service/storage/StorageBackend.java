package dev.replaylink.service.storage;

import dev.replaylink.service.PostgresSchema;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The service's storage on a database of its own, as the service builds it: an application context
 * (no HTTP server, no scheduled jobs) whose data source Flyway migrates at start-up. H2 in memory, or
 * a fresh schema on the test PostgreSQL; {@link #close()} drops it.
 */
public final class StorageBackend implements AutoCloseable {
  private final ApplicationContext context;
  private final PostgresSchema schema;

  private StorageBackend(Map<String, Object> properties, PostgresSchema schema) {
    Map<String, Object> props = new HashMap<>(properties);
    props.put("replaylink.retention.enabled", "false");
    props.put("replaylink.storage.compaction.enabled", "false");
    this.schema = schema;
    this.context = ApplicationContext.run(props, "test");
  }

  /** An empty in-memory H2 database. */
  public static StorageBackend h2() {
    return new StorageBackend(Map.of("datasources.default.url", "jdbc:h2:mem:storage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), null);
  }

  /** A fresh schema on the test PostgreSQL. */
  public static StorageBackend postgres(String prefix) {
    PostgresSchema schema = PostgresSchema.create(prefix);
    return new StorageBackend(new HashMap<>(schema.serviceProperties()), schema);
  }

  /** Another instance on a schema someone else created and drops (several instances sharing one database). */
  public static StorageBackend on(PostgresSchema schema) {
    return new StorageBackend(new HashMap<>(schema.serviceProperties()), null);
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
    if (schema != null) {
      schema.close();
    }
  }
}
