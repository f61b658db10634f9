package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.OTHER_INGEST_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.otlp.OtlpReceiver;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The recorder (agent-snippet) in real Chromium against this service. Each behaviour is one script
 * in agent-snippet/e2e that serves its own test pages and test backend from 127.0.0.1 and asserts
 * through the read API. Project "other" allows any origin; ingest limits are the shipped defaults,
 * which the recorder's batch sizes are made for. Recorded requests are forwarded as browser spans
 * to a real OTLP/HTTP receiver.
 */
@MicronautTest
@Property(name = "replaylink.ingest.max-compressed-bytes", value = "1048576")
@Property(name = "replaylink.ingest.max-decompressed-bytes", value = "16777216")
@Property(name = "replaylink.ingest.max-events-per-batch", value = "5000")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnippetBrowserIT extends EmbeddedServiceTest implements TestPropertyProvider {
  static final OtlpReceiver COLLECTOR = OtlpReceiver.start();

  @Override
  public Map<String, String> getProperties() {
    return Map.of("replaylink.otlp.forward.endpoint", COLLECTOR.endpoint());
  }

  @AfterAll
  void stopCollector() {
    COLLECTOR.close();
  }

  private JsonNode run(String script, int timeoutSeconds) {
    JsonNode summary =
        BrowserScripts.run(
            "../agent-snippet/e2e/" + script + ".mjs",
            Map.of(
                "REPLAYLINK_URL", "http://127.0.0.1:" + server.getPort(),
                "REPLAYLINK_KEY", OTHER_INGEST_KEY,
                "REPLAYLINK_TOKEN", ADMIN_TOKEN),
            Duration.ofSeconds(timeoutSeconds));
    assertTrue(summary.path("ok").asBoolean(), summary.toString());
    assertFalse(
        summary.path("fakeService").asBoolean(true), "ran against the real service: " + summary);
    return summary;
  }

  @Test
  void theServiceServesTheBuiltRecorderBundleAsJavaScript() throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getPort() + "/sdk/replaylink.js"))
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    String type = r.headers().firstValue("Content-Type").orElse("");
    assertTrue(
        type.startsWith("application/javascript") || type.startsWith("text/javascript"),
        "Content-Type " + type);
    assertTrue(
        new String(r.body(), StandardCharsets.UTF_8).contains("window.Replaylink="),
        "the bundle does not define window.Replaylink");
    Path built = BrowserScripts.SNIPPET.resolve("target/classes/replaylink-sdk/replaylink.js");
    assertArrayEquals(
        Files.readAllBytes(built),
        r.body(),
        "/sdk/replaylink.js is not the bundle built from agent-snippet");
  }

  @Test
  void typedValuesAndSecretUrlParametersNeverReachStorageInEitherPrivacyMode() {
    run("privacy", 180);
  }

  @Test
  void
      hiddenInputsValueAttributesDataAttributeSecretsAutofillAndContenteditableTextNeverReachStorageInEitherModeOrFromBareRrweb() {
    run("leaks", 180);
  }

  @Test
  void sameOriginRequestsCarrySessionInBaggageAndTheSessionIsFoundByTraceId() {
    run("propagation", 120);
  }

  @Test
  void
      allowListedRequestsRecordMaskedDetailOthersNoneAndTheBrowserSpanIsTheTraceRootAlsoInTheCollector()
          throws Exception {
    JsonNode summary = run("network-detail", 120);
    String session = summary.path("sessionId").asText();
    String trace = summary.path("traceId").asText();
    Span span = forwarded(trace);
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
    assertTrue(
        span.getParentSpanId().isEmpty(), "the browser request is the trace's root: " + span);
    assertEquals(session, attribute(span, "session.id"));
    assertTrue(
        attribute(span, "session_replay.url")
            .startsWith("https://replay.example.com/replay/" + session + "?t="),
        span.toString());
    assertTrue(attribute(span, "url.full").endsWith("/api/account"), span.toString());
  }

  /**
   * The first span of that trace the collector received (other tests' requests arrive there too).
   */
  private static Span forwarded(String trace) throws InterruptedException {
    long end = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < end) {
      OtlpReceiver.Received r = COLLECTOR.received.poll(1, TimeUnit.SECONDS);
      if (r == null) {
        continue;
      }
      for (ResourceSpans rs : r.request().getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span span : ss.getSpansList()) {
            if (trace.equals(HexFormat.of().formatHex(span.getTraceId().toByteArray()))) {
              return span;
            }
          }
        }
      }
    }
    throw new AssertionError("no span of trace " + trace + " reached the collector");
  }

  private static String attribute(Span span, String key) {
    List<KeyValue> attributes = span.getAttributesList();
    return attributes.stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(kv -> kv.getValue().getStringValue())
        .findFirst()
        .orElse("");
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
  void
      batchesSurviveAThirtySecondOutageWithoutDuplicatesOrGapsAndDropsAreReportedWithTheirCauses() {
    run("outage", 240);
  }

  @Test
  void errorsConsoleNetworkNavigationAndTrackAreCapturedAndPagehideDeliversTheRest() {
    run("capture", 120);
  }

  @Test
  void nothingIsRecordedBeforeConsentOptOutIsRememberedAndConsentRestarts() {
    run("consent", 120);
  }

  @Test
  void batchesAreGzippedInAWorkerOrOnTheMainThreadWhenTheWorkerIsOffOrForbidden() {
    run("compression", 120);
  }

  @Test
  void mutationStormPausesRecordingWithAMarkerAndResumesWhenThePageIsCalm() {
    run("safety", 120);
  }

  @Test
  void tabsShareTheSessionReloadContinuesTheWindowIdleTabsKeepTheirSeqAndIdlePagesStillCheckOut() {
    run("session", 120);
  }

  @Test
  void scriptedMouseThrashIsOneMarkerEachAndOrdinaryMovementIsNone() {
    run("thrash", 180);
  }

  @Test
  void excludedPagesRecordNothingButAPausedMarkerAndLeavingThemBySpaNavigationOrPageLoadResumes() {
    run("exclusion", 120);
  }

  @Test
  void shouldRecordFalseSendsNothingStartRecordingRecordsAndDoNotTrackIsRespected() {
    run("control", 180);
  }
}
