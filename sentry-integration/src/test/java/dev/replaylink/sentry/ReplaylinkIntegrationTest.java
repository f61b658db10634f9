package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplaylinkIntegrationTest {
  @Test
  void missingUrlFailsNamingTheVariable() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ReplaylinkIntegration.fromEnvironment(k -> null));
    assertTrue(e.getMessage().contains("REPLAYLINK_URL"), e.getMessage());
  }

  @Test
  void malformedUrlFailsNamingTheVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReplaylinkIntegration.fromEnvironment(
                    Map.of("REPLAYLINK_URL", "replay.example.com")::get));
    assertTrue(
        e.getMessage().startsWith("REPLAYLINK_URL must be an absolute http(s) URL"),
        e.getMessage());
  }

  @Test
  void environmentWithUrlAndKeyBuilds() {
    assertNotNull(
        ReplaylinkIntegration.fromEnvironment(
            Map.of(
                    "REPLAYLINK_URL",
                    "http://127.0.0.1:8080/",
                    "REPLAYLINK_INGEST_KEY",
                    "k",
                    "REPLAYLINK_SENTRY_EVENT_URL",
                    "https://acme.sentry.io/issues/?query={eventId}")
                ::get));
  }

  @Test
  void builderRejectsWhatCannotWork() {
    assertThrows(IllegalStateException.class, () -> ReplaylinkIntegration.builder().build());
    assertThrows(
        IllegalArgumentException.class, () -> ReplaylinkIntegration.builder().url("ftp://x"));
    assertThrows(
        IllegalArgumentException.class, () -> ReplaylinkIntegration.builder().url("/relative"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReplaylinkIntegration.builder().publicUrl("javascript:alert(1)"));
    assertThrows(
        IllegalArgumentException.class, () -> ReplaylinkIntegration.builder().queueCapacity(0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReplaylinkIntegration.builder().sentryEventUrl("https://sentry.io/issues/"));
    assertEquals(
        "sentryEventUrl must contain {eventId}, got: https://sentry.io/issues/", e.getMessage());
  }
}
