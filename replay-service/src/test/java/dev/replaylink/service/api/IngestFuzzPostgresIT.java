package dev.replaylink.service.api;

import dev.replaylink.testsupport.PostgresSchemaExtension;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link IngestFuzzIT} against PostgreSQL (a fresh schema per run). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestFuzzPostgresIT extends IngestFuzzIT implements TestPropertyProvider {
  @RegisterExtension
  static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension("rl_fuzz");

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(POSTGRES.schema().serviceProperties());
    properties.put("replaylink.ingest.rate-per-session", "0");
    properties.put("replaylink.storage.compaction.enabled", "false");
    return properties;
  }
}
