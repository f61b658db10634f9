package dev.replaylink.service.api;

import dev.replaylink.service.PostgresSchema;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** {@link NulInputTest} on PostgreSQL, whose text columns refuse U+0000 (a fresh schema per run). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NulInputPostgresTest extends NulInputTest implements TestPropertyProvider {
  private PostgresSchema schema;

  @Override
  public Map<String, String> getProperties() {
    schema = PostgresSchema.create("rl_nul");
    return schema.serviceProperties();
  }

  @AfterAll
  void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }
}
