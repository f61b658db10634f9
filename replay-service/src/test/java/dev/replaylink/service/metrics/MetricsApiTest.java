package dev.replaylink.service.metrics;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.firstBatch;
import static dev.replaylink.service.TestObjects.gzip;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.TestObjects.randomTraceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.api.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The meters as a scraper reads them from {@code /prometheus} after real requests: who may read
 * them, and that each domain meter moves by exactly what the requests did.
 */
@MicronautTest
@Property(name = "replaylink.metrics.token", value = MetricsApiTest.SCRAPE_TOKEN)
@Property(name = "replaylink.traces.max-spans-per-trace", value = "2")
class MetricsApiTest extends EmbeddedServiceTest {
  static final String SCRAPE_TOKEN = "scrape-token-0123456789";

  @Inject StorageGauges storageGauges;

  private PrometheusText scrape() {
    HttpResponse<String> r = http.get("/prometheus", SCRAPE_TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    return new PrometheusText(r.body());
  }

  @Test
  void onlyAdminsAndTheMetricsTokenReadThePrometheusEndpoint() {
    assertEquals(200, http.get("/prometheus", SCRAPE_TOKEN).statusCode());
    assertEquals(200, http.get("/prometheus", ADMIN_TOKEN).statusCode());
    HttpResponse<String> viewer = http.get("/prometheus", VIEWER_TOKEN);
    assertEquals(403, viewer.statusCode(), viewer.body());
    assertEquals("forbidden", Http.json(viewer).get("error").asText());
    assertEquals(401, http.get("/prometheus", null).statusCode());
    assertEquals(401, http.get("/prometheus", "not-a-token-at-all-0000").statusCode());
    assertEquals(
        401,
        http.get("/api/v1/sessions", SCRAPE_TOKEN).statusCode(),
        "the metrics token reads nothing else");
  }

  @Test
  void ingestOutcomesEventsAndBytesAreCounted() {
    Map<String, String> accepted = Map.of("project", "shop", "outcome", "accepted");
    Map<String, String> duplicate = Map.of("project", "shop", "outcome", "duplicate");
    Map<String, String> badKey =
        Map.of("project", ServiceMeters.UNKNOWN_PROJECT, "outcome", "unauthorized");
    PrometheusText before = scrape();

    long now = System.currentTimeMillis();
    byte[] raw = bytes(firstBatch(now));
    assertEquals(200, http.ingest(raw, true, INGEST_KEY).statusCode());
    assertEquals(200, http.ingest(raw, true, INGEST_KEY).statusCode());
    assertEquals(401, http.ingest(raw, false, "wrong-key-0123456789").statusCode());
    HttpResponse<String> bad = http.ingest("{not json".getBytes(), false, INGEST_KEY);
    assertEquals(400, bad.statusCode());

    PrometheusText after = scrape();
    String batches = "replaylink_ingest_batches_total";
    assertEquals(1, after.value(batches, accepted) - before.value(batches, accepted));
    assertEquals(1, after.value(batches, duplicate) - before.value(batches, duplicate));
    assertEquals(1, after.value(batches, badKey) - before.value(batches, badKey));
    Map<String, String> refused =
        Map.of("project", "shop", "outcome", Http.json(bad).get("error").asText());
    assertEquals(1, after.value(batches, refused) - before.value(batches, refused), bad.body());
    assertEquals(
        2,
        delta(before, after, "replaylink_ingest_events_total", Map.of("project", "shop")),
        "events of the first batch only");
    // twice the gzip body (both sent), then the invalid body, which is not gzip
    assertEquals(
        2 * gzip(raw).length + 9,
        delta(before, after, "replaylink_ingest_bytes_total", Map.of("encoding", "compressed")));
    assertEquals(
        2 * raw.length + 9,
        delta(before, after, "replaylink_ingest_bytes_total", Map.of("encoding", "decompressed")));
  }

  @Test
  void spansReceivedKeptAndDroppedByTheTraceCapsAreCounted() {
    PrometheusText before = scrape();
    String session = randomId("sess");
    String traceId = randomTraceId();
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < 5; i++) {
      scope.addSpans(span(traceId, i == 0 ? session : null));
    }
    scope.addSpans(span(randomTraceId(), null));
    ExportTraceServiceRequest export =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
            .build();
    HttpResponse<String> r =
        http.send(
            http.request("/v1/traces")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Replaylink-Key", INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(export.toByteArray())));
    assertEquals(200, r.statusCode(), r.body());

    PrometheusText after = scrape();
    assertEquals(
        6, delta(before, after, "replaylink_otlp_spans_total", Map.of("outcome", "received")));
    assertEquals(
        2,
        delta(before, after, "replaylink_otlp_spans_total", Map.of("outcome", "kept")),
        "max-spans-per-trace is 2");
    assertEquals(
        3, delta(before, after, "replaylink_otlp_spans_total", Map.of("outcome", "dropped")));
    assertEquals(
        3,
        delta(before, after, "replaylink_traces_dropped_spans_total", Map.of("project", "shop")));
  }

  @Test
  void errorReportsAreCountedByOutcome() {
    PrometheusText before = scrape();
    String body =
        "{\"sessionId\":\""
            + randomId("sess")
            + "\",\"timestamp\":"
            + System.currentTimeMillis()
            + ",\"source\":\"sentry\",\"eventId\":\""
            + randomId("ev")
            + "\",\"message\":\"boom\"}";
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r =
          http.send(
              http.request("/api/v1/errors")
                  .header("Content-Type", "application/json")
                  .header("X-Replaylink-Key", INGEST_KEY)
                  .POST(HttpRequest.BodyPublishers.ofString(body)));
      assertEquals(200, r.statusCode(), r.body());
    }
    PrometheusText after = scrape();
    assertEquals(
        1,
        delta(
            before,
            after,
            "replaylink_error_reports_total",
            Map.of("project", "shop", "outcome", "accepted")));
    assertEquals(
        1,
        delta(
            before,
            after,
            "replaylink_error_reports_total",
            Map.of("project", "shop", "outcome", "duplicate")));
  }

  @Test
  void storageGaugesFollowWhatIsStored() {
    long now = System.currentTimeMillis();
    assertEquals(200, http.ingest(bytes(firstBatch(now)), false, INGEST_KEY).statusCode());
    storageGauges.refresh();
    PrometheusText text = scrape();
    assertTrue(text.value("replaylink_storage_bytes", Map.of()) > 0, "stored bytes");
    assertTrue(
        text.value("replaylink_compaction_backlog", Map.of()) >= 1,
        "the new session waits for compaction");
  }

  @Test
  void frameworkMetersAreExposed() {
    http.get("/health", null);
    PrometheusText text = scrape();
    for (String name :
        List.of(
            "http_server_requests_seconds_count",
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "hikaricp_connections_active",
            "process_cpu_usage")) {
      assertTrue(text.names().contains(name), name + " in " + text.names());
    }
  }

  private static double delta(
      PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
    return after.value(name, labels) - before.value(name, labels);
  }

  private static Span span(String traceId, String session) {
    byte[] spanId = new byte[8];
    ThreadLocalRandom.current().nextBytes(spanId);
    spanId[0] |= 1;
    long start = (System.currentTimeMillis() - 1000) * 1_000_000L;
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId)))
            .setSpanId(ByteString.copyFrom(spanId))
            .setName("GET /checkout")
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + 5_000_000);
    if (session != null) {
      span.addAttributes(
          KeyValue.newBuilder()
              .setKey("session.id")
              .setValue(AnyValue.newBuilder().setStringValue(session)));
    }
    return span.build();
  }
}
