package dev.replaylink.service.api;

import dev.replaylink.testsupport.PostgresSchemaExtension;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link NulInputTest} on PostgreSQL, whose text columns refuse U+0000 (a fresh schema per run).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NulInputPostgresTest extends NulInputTest implements TestPropertyProvider {
  @RegisterExtension
  static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension("rl_nul");

  @Override
  public Map<String, String> getProperties() {
    return POSTGRES.schema().serviceProperties();
  }
}
