package dev.replaylink.service.storage;

import dev.replaylink.testsupport.PostgresSchema;
import dev.replaylink.testsupport.S3Server;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The service's storage on a database of its own, as the service builds it: an application context
 * (no HTTP server, no scheduled jobs) whose data source Flyway migrates at start-up. H2 in memory,
 * or a fresh schema on the test PostgreSQL; {@link #close()} drops it. With objects, the
 * recordings' chunks go to a bucket of a real S3 API server ({@link S3Server}).
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
    return new StorageBackend(
        Map.of(
            "datasources.default.url",
            "jdbc:h2:mem:storage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
        null);
  }

  /** A fresh schema on the test PostgreSQL. */
  public static StorageBackend postgres(String prefix) {
    PostgresSchema schema = PostgresSchema.create(prefix);
    return new StorageBackend(new HashMap<>(schema.serviceProperties()), schema);
  }

  /**
   * An empty in-memory H2 database with the recordings in a fresh bucket of the shared S3 server.
   */
  public static StorageBackend h2WithObjects(String bucket) {
    Map<String, Object> props = new HashMap<>(S3Server.shared().serviceProperties(bucket));
    props.put(
        "datasources.default.url",
        "jdbc:h2:mem:storage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return new StorageBackend(props, null);
  }

  /** A fresh schema on the test PostgreSQL with the recordings in a fresh bucket of {@code s3}. */
  public static StorageBackend postgresWithObjects(String prefix, S3Server s3, String bucket) {
    PostgresSchema schema = PostgresSchema.create(prefix);
    Map<String, Object> props = new HashMap<>(schema.serviceProperties());
    props.putAll(s3.serviceProperties(bucket));
    return new StorageBackend(props, schema);
  }

  /** A backend with the given service properties (a database URL, recording store settings). */
  public static StorageBackend with(Map<String, Object> properties) {
    return new StorageBackend(properties, null);
  }

  /**
   * Another instance on a schema someone else created and drops (several instances sharing one
   * database).
   */
  public static StorageBackend on(PostgresSchema schema) {
    return new StorageBackend(new HashMap<>(schema.serviceProperties()), null);
  }

  public StorageComponent storage() {
    return context.getBean(StorageComponent.class);
  }

  /**
   * The pool itself, not the transaction-bound view Micronaut injects (which needs an open
   * connection).
   */
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
