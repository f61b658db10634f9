package dev.replaylink.testsupport;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema for a whole test class, registered as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension("rl_rate");
 * }</pre>
 *
 * Where PostgreSQL cannot be reached ({@link PostgresSettings}), the class is disabled before
 * anything of it runs, with the reason (surefire reports it as skipped, never as zero tests); where
 * it is required, it fails instead. The schema is created on the first {@link #schema()} call (so
 * it also serves a Micronaut {@code TestPropertyProvider}, which runs before other extensions'
 * callbacks) and dropped after the class (its {@code @Nested} classes share it).
 */
public final class PostgresSchemaExtension implements ExecutionCondition, AfterAllCallback {
  private final String prefix;
  private PostgresSettings settings;
  private PostgresSchema schema;

  public PostgresSchemaExtension(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent() || isNested(context)) {
      return ConditionEvaluationResult.enabled("decided for the enclosing class");
    }
    settings = PostgresSettings.from(context::getConfigurationParameter);
    String unreachable = PostgresSchema.unreachableReason(settings);
    if (unreachable == null) {
      return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + settings.url());
    }
    if (settings.required()) {
      throw new IllegalStateException(
          unreachable + " (" + PostgresSettings.PREFIX + "required=true)");
    }
    return ConditionEvaluationResult.disabled(unreachable);
  }

  /**
   * Whether {@code context} is a {@code @Nested} class inside the one that registered the
   * extension: those share the schema, which lives until the outer class is done.
   */
  public static boolean isNested(ExtensionContext context) {
    return context.getTestClass().map(c -> c.isAnnotationPresent(Nested.class)).orElse(false);
  }

  /** The class's schema, created on first use. */
  public synchronized PostgresSchema schema() {
    if (schema == null) {
      schema =
          PostgresSchema.create(
              settings != null ? settings : PostgresSettings.fromSystem(), prefix);
    }
    return schema;
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (!isNested(context) && schema != null) {
      schema.close();
      schema = null;
    }
  }
}
