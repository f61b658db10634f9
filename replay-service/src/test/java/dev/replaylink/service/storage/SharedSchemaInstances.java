package dev.replaylink.service.storage;

import dev.replaylink.testsupport.PostgresSchemaExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two service instances' storage on one fresh PostgreSQL schema, for state the instances share
 * (limits, throttles, leases). Registered as a static field; skipped with the reason where
 * PostgreSQL cannot be reached ({@link PostgresSchemaExtension}). The instances start on first use
 * and close, with the schema, after the class.
 */
public final class SharedSchemaInstances implements ExecutionCondition, AfterAllCallback {
  private final PostgresSchemaExtension postgres;
  private final StorageBackend[] instances = new StorageBackend[2];
  private int next;

  public SharedSchemaInstances(String schemaPrefix) {
    this.postgres = new PostgresSchemaExtension(schemaPrefix);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return postgres.evaluateExecutionCondition(context);
  }

  /** The storage of the next instance, in turn: consecutive calls alternate between the two. */
  public synchronized StorageComponent next() {
    if (instances[0] == null) {
      instances[0] = StorageBackend.on(postgres.schema());
      instances[1] = StorageBackend.on(postgres.schema());
    }
    return instances[next++ % 2].storage();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (PostgresSchemaExtension.isNested(context)) {
      return;
    }
    for (int i = 0; i < instances.length; i++) {
      if (instances[i] != null) {
        instances[i].close();
        instances[i] = null;
      }
    }
    postgres.afterAll(context);
  }
}
