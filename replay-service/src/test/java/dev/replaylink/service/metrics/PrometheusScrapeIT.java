package dev.replaylink.service.metrics;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.firstBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.api.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scrapes {@code /prometheus} with the
 * scrape configuration of docs/deployment.md, authenticated by the metrics token, and answers
 * {@code replaylink_ingest_batches_total} through its query API after an ingest.
 */
@MicronautTest
@Property(name = "replaylink.metrics.token", value = PrometheusScrapeIT.TOKEN)
class PrometheusScrapeIT extends EmbeddedServiceTest {
  static final String TOKEN = "prometheus-scrape-token-0123";
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Pattern DOC_BLOCK =
      Pattern.compile("<!-- prometheus-scrape-config -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;
  Process prometheus;

  @AfterEach
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  /** The documented scrape configuration, pointed at this service and scraping every second. */
  private String scrapeConfig() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "deployment.md"));
    Matcher m = DOC_BLOCK.matcher(doc);
    assertTrue(m.find(), "docs/deployment.md has the marked scrape configuration");
    String config = m.group(1);
    assertTrue(
        config.contains("change-me-metrics-token") && config.contains("replay.internal:8080"),
        config);
    return "global:\n  scrape_interval: 1s\n"
        + config
            .replace("change-me-metrics-token", TOKEN)
            .replace("replay.internal:8080", "127.0.0.1:" + server.getPort());
  }

  @Test
  void prometheusScrapesTheIngestMetersWithTheMetricsToken() throws Exception {
    assertTrue(
        Files.isExecutable(PROMETHEUS),
        "Prometheus is installed at " + PROMETHEUS + " (apt-get install prometheus; .ci/run does)");

    long now = System.currentTimeMillis();
    assertEquals(200, http.ingest(bytes(firstBatch(now)), false, INGEST_KEY).statusCode());

    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, scrapeConfig());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();

    Http api = new Http("http://127.0.0.1:" + port);
    String query =
        URLEncoder.encode(
            "replaylink_ingest_batches_total{project=\"shop\",outcome=\"accepted\"}",
            StandardCharsets.UTF_8);
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        var r = api.get("/api/v1/query?query=" + query, null);
        if (r.statusCode() == 200) {
          JsonNode result = Http.json(r).path("data").path("result");
          if (result.size() == 1) {
            assertTrue(result.get(0).path("value").get(1).asDouble() >= 1, r.body());
            assertEquals("replaylink", result.get(0).path("metric").path("job").asText());
            JsonNode targets =
                Http.json(api.get("/api/v1/targets", null)).path("data").path("activeTargets");
            assertEquals("up", targets.get(0).path("health").asText(), targets.toString());
            return;
          }
        }
      } catch (java.io.UncheckedIOException notListeningYet) {
        // Prometheus is still starting
      }
      Thread.sleep(500);
    }
    String targets;
    try {
      targets = api.get("/api/v1/targets", null).body();
    } catch (RuntimeException e) {
      targets = e.toString();
    }
    fail(
        "Prometheus did not read replaylink_ingest_batches_total within 60 s; targets: "
            + targets
            + "\nlog: "
            + Files.readString(dir.resolve("prometheus.log")));
  }
}
