package dev.replaylink.otel;

import static dev.replaylink.otel.TestObjects.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.otel.internal.DeclarativeSettings;
import dev.replaylink.otel.internal.ReplaylinkSettings;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplaylinkSettingsTest {

  @Test
  void exportIsOnWhenUrlAndKeyAreSet() {
    ReplaylinkSettings s =
        ReplaylinkSettings.from(
            config(
                Map.of(
                    "otel.replaylink.url",
                    "http://replay:8080/",
                    "otel.replaylink.ingest-key",
                    "k-123456")));
    assertTrue(s.exportEnabled());
    assertEquals("http://replay:8080", s.linkBase());
    assertEquals("http://replay:8080/v1/traces", s.tracesEndpoint());
  }

  @Test
  void publicUrlOverridesLinksOnly() {
    ReplaylinkSettings s =
        ReplaylinkSettings.from(
            config(
                Map.of(
                    "otel.replaylink.url",
                    "http://replay:8080",
                    "otel.replaylink.public-url",
                    "https://replay.example.com",
                    "otel.replaylink.ingest-key",
                    "k-123456")));
    assertEquals("https://replay.example.com", s.linkBase());
    assertEquals("http://replay:8080/v1/traces", s.tracesEndpoint());
  }

  @Test
  void nothingConfiguredMeansNoLinksAndNoExport() {
    ReplaylinkSettings s = ReplaylinkSettings.from(config(Map.of()));
    assertNull(s.linkBase());
    assertFalse(s.exportEnabled());
  }

  @Test
  void exportCanBeTurnedOffWhileLinksStay() {
    ReplaylinkSettings s =
        ReplaylinkSettings.from(
            config(
                Map.of(
                    "otel.replaylink.url",
                    "http://replay:8080",
                    "otel.replaylink.ingest-key",
                    "k-123456",
                    "otel.replaylink.export.enabled",
                    "false")));
    assertFalse(s.exportEnabled());
    assertEquals("http://replay:8080", s.linkBase());
  }

  @Test
  void badValuesFailAtStartNamingTheKey() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> ReplaylinkSettings.from(config(Map.of("otel.replaylink.url", "replay:8080"))));
    assertTrue(e.getMessage().contains("otel.replaylink.url"), e.getMessage());
    e =
        assertThrows(
            ConfigurationException.class,
            () ->
                ReplaylinkSettings.from(
                    config(
                        Map.of(
                            "otel.replaylink.export.enabled",
                            "true",
                            "otel.replaylink.url",
                            "http://r:1"))));
    assertTrue(e.getMessage().contains("otel.replaylink.ingest-key"), e.getMessage());
  }

  @Test
  void exportDelayFollowsTheBatchSpanProcessorSetting() {
    assertEquals(
        200,
        ReplaylinkSettings.from(config(Map.of("otel.bsp.schedule.delay", "200")))
            .scheduleDelayMillis());
    assertEquals(5000, ReplaylinkSettings.from(config(Map.of())).scheduleDelayMillis());
  }

  @Test
  void exportSenderIsJsonUnlessOtlpIsAskedFor() {
    assertEquals(
        ReplaylinkSettings.Sender.JSON, ReplaylinkSettings.from(config(Map.of())).exportSender());
    assertEquals(
        ReplaylinkSettings.Sender.OTLP,
        ReplaylinkSettings.from(config(Map.of("otel.replaylink.export.sender", "OTLP")))
            .exportSender());
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> ReplaylinkSettings.from(config(Map.of("otel.replaylink.export.sender", "grpc"))));
    assertTrue(
        e.getMessage().contains("otel.replaylink.export.sender") && e.getMessage().contains("grpc"),
        e.getMessage());
  }

  @Test
  void declarativeKeysAreThePropertyNamesInSnakeCase() {
    assertEquals("url", DeclarativeSettings.yamlName("otel.replaylink.url"));
    assertEquals("public_url", DeclarativeSettings.yamlName("otel.replaylink.public-url"));
    assertEquals("ingest_key", DeclarativeSettings.yamlName("otel.replaylink.ingest-key"));
    assertEquals("export_enabled", DeclarativeSettings.yamlName("otel.replaylink.export.enabled"));
    assertEquals("export_sender", DeclarativeSettings.yamlName("otel.replaylink.export.sender"));
    assertEquals("session_header", DeclarativeSettings.yamlName("otel.replaylink.session-header"));
    assertEquals("schedule_delay", DeclarativeSettings.yamlName("otel.bsp.schedule.delay"));
  }
}
