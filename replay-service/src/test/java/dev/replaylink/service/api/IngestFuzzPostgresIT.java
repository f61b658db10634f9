package dev.replaylink.service.api;

import dev.replaylink.service.PostgresSchema;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** {@link IngestFuzzIT} against PostgreSQL (a fresh schema per run). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestFuzzPostgresIT extends IngestFuzzIT implements TestPropertyProvider {
  private PostgresSchema schema;

  @Override
  public Map<String, String> getProperties() {
    schema = PostgresSchema.create("rl_fuzz");
    Map<String, String> properties = new java.util.HashMap<>(schema.serviceProperties());
    properties.put("replaylink.ingest.rate-per-session", "0");
    properties.put("replaylink.storage.compaction.enabled", "false");
    return properties;
  }

  @AfterAll
  void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }
}
