package dev.replaylink.demo.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The whole loop, as a newcomer sees it: the demo shop recorded in Chromium, running under the real
 * OpenTelemetry agent with the Replaylink extension and the real Sentry SDK with the Replaylink
 * integration; the Sentry event's replay link opens the replay at the checkout failure, with the
 * backend error and the Sentry marker beside it, and the checkout's trace ID finds the session.
 *
 * <p>Each link of the chain has an assertion that fails without it: without the snippet's baggage
 * the checkout request carries no {@code session.id} (first assertion after the visit); without the
 * extension no exported span carries the session and no backend-error marker appears; without the
 * Sentry integration the event has no {@code session.id} / {@code session_replay.url} tags and no
 * Sentry marker reaches replay-service; without the receiver's trace index the trace search fails.
 */
class DemoShopE2EIT {
  static final Path ROOT = Paths.get(System.getProperty("replaylink.root", "../..")).toAbsolutePath().normalize();
  static final String VERSION = "0.1.0-SNAPSHOT";
  static final String KEY = "demo-e2e-ingest-key";
  static final String TOKEN = "demo-e2e-admin-token-0123456789";
  static final Path OUT = Paths.get("target/e2e").toAbsolutePath();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void sentryReplayLinkOpensTheCheckoutMomentWithBackendAndSentryMarkers() throws Exception {
    Files.createDirectories(OUT);
    String chromium = System.getProperty("chromium.path", "/usr/bin/chromium");
    assertTrue(Files.isExecutable(Path.of(chromium)), "Chromium is required at " + chromium);
    int servicePort = freePort();
    int shopPort = freePort();
    String serviceUrl = "http://localhost:" + servicePort;
    List<Process> processes = new ArrayList<>();
    try (Receivers receivers = new Receivers()) {
      processes.add(start(List.of(java(), "-Xmx512m", "-Dmicronaut.server.port=" + servicePort,
          "-Ddatasources.default.url=jdbc:h2:file:" + OUT.resolve("replaylink-db") + System.nanoTime() + ";WRITE_DELAY=0",
          "-Dreplaylink.public-url=" + serviceUrl,
          "-Dreplaylink.projects.demo.ingest-key=" + KEY, "-Dreplaylink.projects.demo.allowed-origins=*",
          "-Dreplaylink.api-tokens.e2e.token=" + TOKEN, "-Dreplaylink.api-tokens.e2e.role=admin",
          "-jar", jar(ROOT.resolve("replay-service/target/replay-service-" + VERSION + ".jar"))), Map.of(), "replay-service"));
      waitUntilUp(serviceUrl + "/health");

      // -De2e.without=propagation|extension|integration breaks one link of the chain, to see the test fail
      String without = System.getProperty("e2e.without", "");
      Map<String, String> shopEnv = new java.util.HashMap<>(Map.of("SENTRY_DSN", receivers.sentryDsn(), "REPLAYLINK_URL", serviceUrl,
          "REPLAYLINK_INGEST_KEY", KEY));
      shopEnv.put("DEMO_WITHOUT_PROPAGATION", String.valueOf(without.equals("propagation")));
      shopEnv.put("DEMO_WITHOUT_REPLAYLINK_SENTRY", String.valueOf(without.equals("integration")));
      String extension = without.equals("extension") ? "-Dotel.javaagent.extensions="
          : "-Dotel.javaagent.extensions=" + jar(ROOT.resolve("otel-extension/target/replaylink-otel-extension-" + VERSION + ".jar"));
      processes.add(start(List.of(java(), "-Xmx512m",
          "-javaagent:" + jar(Paths.get(System.getProperty("otel.agent.jar", "target/agent/opentelemetry-javaagent.jar"))),
          extension,
          "-Dotel.service.name=demo-shop", "-Dotel.replaylink.url=" + serviceUrl, "-Dotel.replaylink.ingest-key=" + KEY,
          "-Dotel.traces.exporter=otlp", "-Dotel.exporter.otlp.protocol=http/protobuf", "-Dotel.exporter.otlp.endpoint=" + receivers.otlpEndpoint(),
          "-Dotel.bsp.schedule.delay=200", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
          "-Dotel.instrumentation.methods.include=dev.replaylink.demo.shop.CheckoutService[placeOrder]",
          "-Dmicronaut.server.port=" + shopPort, "-Dreplaylink.url=" + serviceUrl, "-Dreplaylink.ingest-key=" + KEY,
          "-jar", jar(Paths.get(System.getProperty("demo.shop.jar", "target/replaylink-demo-shop-" + VERSION + ".jar")))),
          shopEnv, "demo-shop"));
      waitUntilUp("http://localhost:" + shopPort + "/api/products");

      JsonNode visit = node("e2e/shop-visit.mjs", Map.of("SHOP_URL", "http://localhost:" + shopPort + "/"));
      String session = visit.get("sessionId").asText();
      assertEquals("500", visit.get("checkoutStatus").asText());
      assertTrue(visit.path("checkoutHeaders").path("baggage").asText().contains("session.id=" + session), visit.toString());

      JsonNode event = await("the Sentry event of the checkout failure", () -> receivers.sentryEvents.stream()
          .filter(e -> e.toString().contains("PaymentDeclinedException")).findFirst().orElse(null));
      assertEquals(session, event.path("tags").path("session.id").asText(), event.path("tags").toString());
      String replayUrl = event.path("tags").path("session_replay.url").asText();
      assertTrue(replayUrl.startsWith(serviceUrl + "/replay/" + session + "?t="), replayUrl);
      long errorMoment = Long.parseLong(replayUrl.substring(replayUrl.indexOf("?t=") + 3));
      assertEquals(replayUrl, visit.path("errorPageReplayLink").asText(), "the error page shows the link Sentry got");

      Receivers.ReceivedSpan checkoutSpan = await("the checkout's server span in the OTLP export", () -> receivers.spans.stream()
          .filter(s -> (s.name().contains("/api/checkout") || "/api/checkout".equals(s.attributes().get("url.path")))
              && session.equals(s.attributes().get("session.id"))).findFirst().orElse(null));
      String traceId = checkoutSpan.traceId();
      assertEquals(traceId, event.path("contexts").path("session_replay").path("trace_id").asText(), "Sentry and OTel agree on the trace");

      JsonNode detail = await("backend-error and Sentry markers in replay-service", () -> {
        JsonNode d = get(serviceUrl + "/api/v1/sessions/" + session);
        boolean otlp = false;
        boolean sentry = false;
        for (JsonNode m : d.path("markers")) {
          otlp |= m.path("kind").asText().equals("backend-error") && !m.path("label").asText().startsWith("Sentry");
          sentry |= m.path("label").asText().startsWith("Sentry") && m.hasNonNull("link");
        }
        return otlp && sentry ? d : null;
      });
      for (JsonNode m : detail.path("markers")) {
        if (m.path("kind").asText().equals("backend-error")) {
          assertTrue(Math.abs(m.path("timestamp").asLong() - errorMoment) <= 2000, "marker within 2 s of the error: " + m);
        }
      }
      JsonNode byTrace = get(serviceUrl + "/api/v1/sessions?traceId=" + traceId);
      assertTrue(byTrace.path("sessions").toString().contains(session), "the checkout's trace finds the session: " + byTrace);

      JsonNode replay = node("e2e/open-replay.mjs", Map.of("REPLAY_URL", replayUrl, "TOKEN", TOKEN, "TRACE_ID", traceId));
      assertEquals("/login", replay.path("firstPath").asText());
      assertEquals("ready", replay.path("state").asText(), replay.toString());
      long playerTs = replay.path("playerTs").asLong();
      assertTrue(playerTs <= errorMoment && errorMoment - playerTs <= 5000, "player at " + playerTs + ", error at " + errorMoment);
      assertTrue(replay.path("markers").toString().contains("Sentry"), replay.toString());
      assertTrue(replay.path("listedSessions").toString().contains(session), replay.toString());
    } finally {
      for (Process p : processes) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String jar(Path path) {
    assertTrue(Files.exists(path), "missing " + path + " (build with mvn package)");
    return path.toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Process start(List<String> command, Map<String, String> env, String name) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(OUT.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  static void waitUntilUp(String url) throws Exception {
    await(url, () -> {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? Boolean.TRUE : null;
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }, Duration.ofSeconds(240));
  }

  static JsonNode get(String url) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build(),
          HttpResponse.BodyHandlers.ofString());
      return Receivers.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    return await(what, probe, Duration.ofSeconds(40));
  }

  static <T> T await(String what, Supplier<T> probe, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(250);
    }
    fail("Timed out waiting for " + what);
    return null;
  }

  static JsonNode node(String script, Map<String, String> env) throws Exception {
    Path log = OUT.resolve(Paths.get(script).getFileName() + ".log");
    ProcessBuilder pb = new ProcessBuilder("node", script).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("CHROMIUM_PATH", System.getProperty("chromium.path", "/usr/bin/chromium"));
    pb.environment().put("SNIPPET_DIR", ROOT.resolve("agent-snippet").toString());
    pb.environment().put("SCREENSHOT_DIR", OUT.toString());
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(script + " timed out:\n" + Files.readString(log));
    }
    String out = Files.readString(log).strip();
    if (p.exitValue() != 0) {
      fail(script + " failed:\n" + out);
    }
    String[] lines = out.split("\n");
    JsonNode result = Receivers.JSON.readTree(lines[lines.length - 1]);
    assertNotNull(result);
    return result;
  }
}
