package dev.replaylink.service.metrics;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.firstBatch;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana-dashboard.json names only metrics the service exposes: every metric in its panel
 * queries and variables must appear in a scrape of {@code /prometheus} taken after each kind of
 * request has been made once.
 */
@MicronautTest
@Property(name = "replaylink.metrics.token", value = GrafanaDashboardTest.TOKEN)
@Property(name = "replaylink.retention.initial-delay", value = "0s")
class GrafanaDashboardTest extends EmbeddedServiceTest {
  static final String TOKEN = "dashboard-scrape-token-0123";
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "and",
          "or",
          "unless",
          "bool",
          "le",
          "inf",
          "nan");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  @Inject StorageGauges gauges;

  /**
   * Metric names in one PromQL expression: not functions, keywords, label names, strings or
   * durations.
   */
  static Set<String> metricNames(String expr) {
    String e =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\$\\{?\\w+}?", " ")
            .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
            .replaceAll("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", " $1 ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(e);
    while (m.find()) {
      String rest = e.substring(m.end()).stripLeading();
      boolean number = m.start() > 0 && Character.isDigit(e.charAt(m.start() - 1));
      if (!rest.startsWith("(") && !number && !PROMQL_WORDS.contains(m.group().toLowerCase())) {
        names.add(m.group());
      }
    }
    return names;
  }

  static List<String> expressions(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    dashboard
        .path("templating")
        .path("list")
        .forEach(
            v -> {
              if ("query".equals(v.path("type").asText())) {
                exprs.add(
                    v.path("query").isTextual()
                        ? v.path("query").asText()
                        : v.path("query").path("query").asText());
              }
            });
    return exprs;
  }

  @Test
  void theExtractorFindsMetricNamesOnly() {
    assertEquals(
        Set.of("http_server_requests_seconds_bucket"),
        metricNames(
            "histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{uri=~\"/api.*\"}[$__rate_interval])))"));
    assertEquals(
        Set.of("replaylink_ingest_batches_total"),
        metricNames("label_values(replaylink_ingest_batches_total, project)"));
    assertEquals(
        Set.of("a_total", "b_total"),
        metricNames("sum(a_total) / ignoring (x) sum(b_total offset 5m) > 0.5"));
  }

  @Test
  void everyMetricOfTheDashboardIsExposed() throws Exception {
    JsonNode dashboard =
        TestObjects.JSON.readTree(
            Files.readString(Path.of("..", "docs", "grafana-dashboard.json")));
    List<String> exprs = expressions(dashboard);
    assertTrue(exprs.size() >= 10, "the dashboard has its queries: " + exprs);

    exerciseEveryMeter();
    Set<String> exposed = Set.of();
    List<String> missing = List.of();
    for (int attempt = 0; attempt < 40; attempt++) {
      // the retention counter appears once the job has run (initial delay 0s)
      exposed = new PrometheusText(http.get("/prometheus", TOKEN).body()).names();
      Set<String> found = exposed;
      missing =
          exprs.stream()
              .flatMap(e -> metricNames(e).stream())
              .distinct()
              .filter(n -> !found.contains(n))
              .sorted()
              .toList();
      if (missing.isEmpty()) {
        return;
      }
      Thread.sleep(250);
    }
    fail(
        "docs/grafana-dashboard.json names metrics the service does not expose: "
            + missing
            + "\nexposed: "
            + exposed);
  }

  private void exerciseEveryMeter() throws IOException {
    long now = System.currentTimeMillis();
    assertEquals(200, http.ingest(bytes(firstBatch(now)), false, INGEST_KEY).statusCode());
    assertEquals(
        200,
        http.send(
                http.request("/v1/traces")
                    .header("Content-Type", "application/json")
                    .header("X-Replaylink-Key", INGEST_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[]}")))
            .statusCode());
    assertEquals(
        200,
        http.send(
                http.request("/api/v1/errors")
                    .header("Content-Type", "application/json")
                    .header("X-Replaylink-Key", INGEST_KEY)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"sessionId\":\""
                                + randomId("sess")
                                + "\",\"timestamp\":"
                                + now
                                + ",\"source\":\"sentry\",\"eventId\":\""
                                + randomId("ev")
                                + "\"}")))
            .statusCode());
    gauges.refresh();
  }
}
