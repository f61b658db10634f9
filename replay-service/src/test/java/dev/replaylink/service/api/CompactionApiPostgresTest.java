package dev.replaylink.service.api;

import dev.replaylink.testsupport.PostgresSchemaExtension;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CompactionApiTest} on PostgreSQL (a fresh schema per run). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompactionApiPostgresTest extends CompactionApiTest implements TestPropertyProvider {
  @RegisterExtension
  static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension("rl_compact_api");

  @Override
  public Map<String, String> getProperties() {
    return POSTGRES.schema().serviceProperties();
  }
}
