package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.OTHER_INGEST_KEY;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recorder in real Chromium against this service: every acceptance behaviour of the snippet is
 * one script in agent-snippet/e2e, asserting through the service's read API. The project "other"
 * allows any origin (the test pages are served from 127.0.0.1); ingest limits are the shipped
 * defaults, which the snippet's batch sizes are made for.
 */
@MicronautTest
@Property(name = "replaylink.ingest.max-compressed-bytes", value = "1048576")
@Property(name = "replaylink.ingest.max-decompressed-bytes", value = "16777216")
@Property(name = "replaylink.ingest.max-events-per-batch", value = "5000")
class SnippetBrowserIT {
  @Inject
  EmbeddedServer server;

  @BeforeEach
  void browserAvailable() {
    String missing = SnippetScript.missingPrerequisite();
    assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
  }

  private String run(String script, long timeoutSeconds) {
    String base = "http://127.0.0.1:" + server.getPort();
    String summary = SnippetScript.run(script, base, OTHER_INGEST_KEY, ADMIN_TOKEN, timeoutSeconds);
    assertTrue(summary.contains("\"ok\":true") && summary.contains("\"fakeService\":false"), summary);
    return summary;
  }

  @Test
  void typedValuesAndSecretUrlParametersNeverReachStorageInEitherPrivacyMode() {
    run("privacy", 180);
  }

  @Test
  void sameOriginRequestsCarrySessionInBaggageAndTheSessionIsFoundByTraceId() {
    run("propagation", 120);
  }

  @Test
  void rageDeadAndErrorClicksBecomeMarkersAtTheirMomentsAndNormalClicksDoNot() {
    run("frustration", 180);
  }

  @Test
  void onErrorBufferSendsNothingBeforeTheErrorThenAtMostTheLastMinuteThatReplays() {
    run("buffer", 240);
  }

  @Test
  void batchesSurviveAThirtySecondOutageWithoutDuplicatesOrGaps() {
    run("outage", 240);
  }

  @Test
  void nothingIsRecordedBeforeConsentAndOptOutIsRemembered() {
    run("consent", 120);
  }

  @Test
  void mutationStormPausesRecordingWithAMarker() {
    run("safety", 120);
  }

  @Test
  void tabsShareTheSessionAndAReloadContinuesTheWindowSequence() {
    run("session", 120);
  }
}
