package dev.replaylink.demo.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole loop, as a newcomer sees it: the demo shop recorded in Chromium, running under the real
 * OpenTelemetry agent with the Replaylink extension and the real Sentry SDK with the Replaylink
 * integration; the Sentry event's replay link opens the replay at the checkout failure, with the
 * backend error and the Sentry marker beside it, and the checkout's trace ID finds the session.
 *
 * <p>{@link #runLoop} checks the links of the chain in order and reports the first one missing as a
 * {@link ChainBroken} naming it: the snippet's baggage on the checkout request ({@link
 * Link#PROPAGATION}), the Sentry event's {@code session.id} / {@code session_replay.url} tags
 * ({@link Link#INTEGRATION}), the session on the checkout's exported server span ({@link
 * Link#EXTENSION}). The broken-chain test runs the loop with each link switched off and expects
 * exactly that link to be reported.
 *
 * <p>CI time: one replay-service serves every run, and the shops (each under the agent, the slow
 * part) start together before the first test: the full one (also used with the page's {@code
 * ?propagate=false}, which is how the baggage link is switched off), one without the extension, one
 * without the Sentry integration, one without SENTRY_DSN. Each has its own receivers; runs tell
 * their data apart by session, Sentry event ID and trace ID.
 */
class DemoShopE2EIT {
  static final Path ROOT =
      Paths.get(System.getProperty("replaylink.root", "../..")).toAbsolutePath().normalize();
  static final String VERSION = "0.1.0-SNAPSHOT";
  static final String KEY = "demo-e2e-ingest-key";
  static final String TOKEN = "demo-e2e-admin-token-0123456789";
  static final Path OUT = Paths.get("target/e2e").toAbsolutePath();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * A link of the chain from the browser to Sentry and back, each switchable off in the demo shop.
   */
  enum Link {
    /**
     * The snippet's {@code baggage: session.id=…} on the shop's requests (page {@code
     * ?propagate=false}).
     */
    PROPAGATION,
    /**
     * The Replaylink OpenTelemetry extension in the agent (no {@code otel.javaagent.extensions}).
     */
    EXTENSION,
    /** The Replaylink Sentry integration (DEMO_WITHOUT_REPLAYLINK_SENTRY). */
    INTEGRATION
  }

  /** The chain check failed at {@link #link}. */
  static final class ChainBroken extends AssertionError {
    final Link link;

    ChainBroken(Link link, String message) {
      super(link + " link broken: " + message);
      this.link = link;
    }
  }

  static Process replayService;
  static String serviceUrl;

  /** Shops by name: "full", "without-extension", "without-integration", "no-dsn". */
  static final Map<String, Shop> SHOPS = new HashMap<>();

  @BeforeAll
  static void startReplayService() throws Exception {
    Files.createDirectories(OUT);
    String chromium = System.getProperty("chromium.path", "/usr/bin/chromium");
    assertTrue(Files.isExecutable(Path.of(chromium)), "Chromium is required at " + chromium);
    int port = freePort();
    serviceUrl = "http://localhost:" + port;
    replayService =
        start(
            List.of(
                java(),
                "-Xmx512m",
                "-Dmicronaut.server.port=" + port,
                "-Ddatasources.default.url=jdbc:h2:file:"
                    + OUT.resolve("replaylink-db")
                    + System.nanoTime()
                    + ";WRITE_DELAY=0",
                "-Dreplaylink.public-url=" + serviceUrl,
                "-Dreplaylink.projects.demo.ingest-key=" + KEY,
                "-Dreplaylink.projects.demo.allowed-origins=*",
                "-Dreplaylink.api-tokens.e2e.token=" + TOKEN,
                "-Dreplaylink.api-tokens.e2e.role=admin",
                "-jar",
                jar(ROOT.resolve("replay-service/target/replay-service-" + VERSION + ".jar"))),
            Map.of(),
            "replay-service");
    SHOPS.put("full", Shop.launch("full", null, true));
    SHOPS.put("without-extension", Shop.launch("without-extension", Link.EXTENSION, true));
    SHOPS.put("without-integration", Shop.launch("without-integration", Link.INTEGRATION, true));
    SHOPS.put("no-dsn", Shop.launch("no-dsn", null, false));
    waitUntilUp(serviceUrl + "/health");
  }

  @AfterAll
  static void stopServices() throws InterruptedException {
    SHOPS
        .values()
        .forEach(
            shop -> shop.process().destroy()); // all at once: each may take seconds to shut down
    for (Shop shop : SHOPS.values()) {
      shop.close();
    }
    if (replayService != null) {
      stop(replayService);
    }
  }

  static Shop shop(String name) throws Exception {
    Shop shop = SHOPS.get(name);
    waitUntilUp(shop.url() + "/api/products");
    return shop;
  }

  @Test
  void sentryReplayLinkOpensTheCheckoutMomentWithBackendAndSentryMarkers() throws Exception {
    runLoop(null);
  }

  /** Acceptance: the loop fails when any link is missing, and says which. */
  @ParameterizedTest
  @EnumSource(Link.class)
  void loopFailsAtTheLinkThatIsMissing(Link without) {
    ChainBroken broken = assertThrows(ChainBroken.class, () -> runLoop(without));
    assertEquals(without, broken.link, broken.getMessage());
  }

  /**
   * Without SENTRY_DSN the error page still shows the replay link, and the replay's Sentry marker
   * opens the shop's own page of the captured event instead of a Sentry that does not exist.
   */
  @Test
  void withoutSentryDsnTheSentryMarkerOpensTheShopsEventPage() throws Exception {
    Shop shop = shop("no-dsn");
    Receivers receivers = shop.receivers();
    JsonNode visit =
        node("e2e/shop-visit.mjs", Map.of("SHOP_URL", shop.url() + "/", "VISIT", "checkout-only"));
    String session = visit.get("sessionId").asText();
    String replayUrl = visit.path("errorPageReplayLink").asText();
    assertTrue(replayUrl.startsWith(serviceUrl + "/replay/" + session + "?t="), visit.toString());
    JsonNode sentryMarker =
        await(
            "the Sentry marker",
            () -> {
              for (JsonNode m : get(serviceUrl + "/api/v1/sessions/" + session).path("markers")) {
                if (m.path("label").asText().startsWith("Sentry") && m.hasNonNull("link")) {
                  return m;
                }
              }
              return null;
            });
    String link = sentryMarker.path("link").asText();
    assertTrue(link.startsWith(shop.url() + "/sentry-events/"), link);
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), link);
    assertTrue(page.body().contains("PaymentDeclinedException"), page.body());
    assertTrue(
        page.body().contains(link.substring(link.lastIndexOf('/') + 1)),
        "the page shows the event ID");
    assertTrue(
        page.body().contains("href=\"" + replayUrl + "\""),
        "the page links back to the replay: " + page.body());
    assertTrue(receivers.sentryEvents.isEmpty(), "nothing sent to a Sentry");
  }

  /**
   * The demo shop under the OpenTelemetry agent, with one link of the chain switched off or none,
   * and its receivers.
   */
  record Shop(Process process, String url, Receivers receivers) implements AutoCloseable {
    /** Starts the JVM and returns at once; {@link DemoShopE2EIT#shop} waits until it answers. */
    static Shop launch(String name, Link without, boolean withSentryDsn) throws IOException {
      Receivers receivers = new Receivers();
      int port = freePort();
      Map<String, String> env =
          new HashMap<>(Map.of("REPLAYLINK_URL", serviceUrl, "REPLAYLINK_INGEST_KEY", KEY));
      if (withSentryDsn) {
        env.put("SENTRY_DSN", receivers.sentryDsn());
      }
      env.put("DEMO_WITHOUT_REPLAYLINK_SENTRY", String.valueOf(without == Link.INTEGRATION));
      String extension =
          without == Link.EXTENSION
              ? "-Dotel.javaagent.extensions="
              : "-Dotel.javaagent.extensions="
                  + jar(
                      ROOT.resolve(
                          "otel-extension/target/replaylink-otel-extension-" + VERSION + ".jar"));
      Process process =
          DemoShopE2EIT.start(
              List.of(
                  java(),
                  "-Xmx512m",
                  "-javaagent:"
                      + jar(
                          Paths.get(
                              System.getProperty(
                                  "otel.agent.jar", "target/agent/opentelemetry-javaagent.jar"))),
                  extension,
                  "-Dotel.service.name=demo-shop",
                  "-Dotel.replaylink.url=" + serviceUrl,
                  "-Dotel.replaylink.ingest-key=" + KEY,
                  "-Dotel.traces.exporter=otlp",
                  "-Dotel.exporter.otlp.protocol=http/protobuf",
                  "-Dotel.exporter.otlp.endpoint=" + receivers.otlpEndpoint(),
                  "-Dotel.bsp.schedule.delay=200",
                  "-Dotel.metrics.exporter=none",
                  "-Dotel.logs.exporter=none",
                  "-Dotel.instrumentation.methods.include=dev.replaylink.demo.shop.CheckoutService[placeOrder]",
                  "-Dmicronaut.server.port=" + port,
                  "-Dreplaylink.url=" + serviceUrl,
                  "-Dreplaylink.ingest-key=" + KEY,
                  "-jar",
                  jar(
                      Paths.get(
                          System.getProperty(
                              "demo.shop.jar",
                              "target/replaylink-demo-shop-" + VERSION + ".jar")))),
              env,
              "demo-shop-" + name);
      return new Shop(process, "http://localhost:" + port, receivers);
    }

    @Override
    public void close() throws InterruptedException {
      stop(process);
      receivers.close();
    }
  }

  /**
   * Browse, check out, follow the Sentry event's replay link; checks each link of the chain in
   * order and throws {@link ChainBroken} for the first one missing, then checks what the newcomer
   * sees.
   */
  static void runLoop(Link without) throws Exception {
    long runStarted = System.currentTimeMillis();
    try {
      checkLoop(without, runStarted);
    } finally {
      progress("stopped", runStarted);
    }
  }

  private static void checkLoop(Link without, long runStarted) throws Exception {
    Shop shop =
        shop(
            without == Link.EXTENSION
                ? "without-extension"
                : without == Link.INTEGRATION ? "without-integration" : "full");
    Receivers receivers = shop.receivers();
    progress("shop up", runStarted);
    // A broken run ends at the checkout's links: the coupon and gift-wrap clicks would only cost
    // time.
    JsonNode visit =
        node(
            "e2e/shop-visit.mjs",
            Map.of(
                "SHOP_URL",
                shop.url() + (without == Link.PROPAGATION ? "/?propagate=false" : "/"),
                "VISIT",
                without == null ? "full" : "checkout-only"));
    progress("visit done", runStarted);
    String session = visit.get("sessionId").asText();
    assertEquals("500", visit.get("checkoutStatus").asText());
    String baggage = visit.path("checkoutHeaders").path("baggage").asText();
    if (!baggage.contains("session.id=" + session)) {
      throw new ChainBroken(
          Link.PROPAGATION,
          "the checkout request carries no baggage session.id="
              + session
              + ": "
              + visit.path("checkoutHeaders"));
    }

    String eventId = visit.path("sentryEventId").asText();
    assertEquals(32, eventId.length(), "the checkout's answer names its Sentry event: " + visit);
    JsonNode event =
        await(
            "the Sentry event of the checkout failure",
            () ->
                receivers.sentryEvents.stream()
                    .filter(e -> eventId.equals(e.path("event_id").asText()))
                    .findFirst()
                    .orElse(null));
    assertTrue(event.toString().contains("PaymentDeclinedException"), event.toString());
    String replayUrl = event.path("tags").path("session_replay.url").asText();
    if (!session.equals(event.path("tags").path("session.id").asText())
        || !replayUrl.startsWith(serviceUrl + "/replay/" + session + "?t=")) {
      throw new ChainBroken(
          Link.INTEGRATION,
          "the Sentry event has no session.id / session_replay.url tags: " + event.path("tags"));
    }
    long errorMoment = Long.parseLong(replayUrl.substring(replayUrl.indexOf("?t=") + 3));
    assertEquals(
        Instant.parse(event.path("timestamp").asText()).toEpochMilli(),
        errorMoment,
        "the link's t is the event's timestamp");
    long clicked = visit.path("checkoutClickedAt").asLong();
    long answered = visit.path("checkoutAnsweredAt").asLong();
    assertTrue(
        clicked <= errorMoment && errorMoment <= answered,
        "the Sentry event was captured between the checkout click ("
            + clicked
            + ") and its answer ("
            + answered
            + "): "
            + errorMoment);
    assertEquals(
        replayUrl,
        visit.path("errorPageReplayLink").asText(),
        "the error page shows the link Sentry got");

    String checkoutTrace = visit.path("checkoutHeaders").path("traceparent").asText().split("-")[1];
    Receivers.ReceivedSpan checkoutSpan =
        await(
            "the checkout's server span in the OTLP export",
            () ->
                receivers.spans.stream()
                    .filter(
                        s ->
                            checkoutTrace.equals(s.traceId())
                                && (s.name().contains("/api/checkout")
                                    || "/api/checkout".equals(s.attributes().get("url.path"))))
                    .findFirst()
                    .orElse(null));
    if (!session.equals(checkoutSpan.attributes().get("session.id"))) {
      throw new ChainBroken(
          Link.EXTENSION, "the checkout's server span carries no session.id: " + checkoutSpan);
    }
    assertEquals(
        checkoutTrace,
        event.path("contexts").path("session_replay").path("trace_id").asText(),
        "Sentry and OTel agree on the trace");

    JsonNode detail =
        await(
            "backend-error, Sentry, JS error and dead-click markers in replay-service",
            () -> {
              JsonNode d = get(serviceUrl + "/api/v1/sessions/" + session);
              return marker(d, "backend-error", "PaymentDeclinedException") != null
                      && marker(d, "backend-error", "Sentry") != null
                      && markerAfter(d, "error", answered) != null
                      && markerAfter(d, "dead-click", answered) != null
                  ? d
                  : null;
            });
    JsonNode otlpMarker = marker(detail, "backend-error", "PaymentDeclinedException");
    JsonNode sentryMarker = marker(detail, "backend-error", "Sentry");
    assertTrue(
        Math.abs(otlpMarker.path("timestamp").asLong() - errorMoment) <= 2000,
        "backend-error within 2 s of the error: " + otlpMarker);
    assertTrue(
        Math.abs(sentryMarker.path("timestamp").asLong() - errorMoment) <= 2000,
        "Sentry marker within 2 s of the error: " + sentryMarker);
    assertTrue(sentryMarker.hasNonNull("link"), sentryMarker.toString());
    JsonNode byTrace = get(serviceUrl + "/api/v1/sessions?traceId=" + checkoutTrace);
    assertTrue(
        byTrace.path("sessions").toString().contains(session),
        "the checkout's trace finds the session: " + byTrace);

    progress("chain checked", runStarted);
    JsonNode replay =
        node(
            "e2e/open-replay.mjs",
            Map.of("REPLAY_URL", replayUrl, "TOKEN", TOKEN, "TRACE_ID", checkoutTrace));
    assertEquals("/login", replay.path("firstPath").asText());
    URI replayUri = URI.create(replayUrl);
    assertEquals(
        replayUri.getRawPath() + "?" + replayUri.getRawQuery(),
        replay.path("landedOn").asText(),
        "signing in leads back to the replay link");
    assertEquals("ready", replay.path("state").asText(), replay.toString());
    long playerTs = replay.path("playerTs").asLong();
    assertTrue(
        playerTs <= errorMoment && errorMoment - playerTs <= 5000,
        "player at " + playerTs + ", error at " + errorMoment);
    assertTrue(replay.path("markers").toString().contains("Sentry"), replay.toString());
    assertTrue(replay.path("listedSessions").toString().contains(session), replay.toString());
    JsonNode panel = replay.path("tracePanel");
    assertEquals(
        "ready", panel.path("state").asText(), "the Trace panel of the checkout opens: " + panel);
    assertEquals(checkoutTrace, panel.path("traceId").asText());
    assertTrue(
        panel.path("focusInPanel").asBoolean()
            && panel.path("arrowMoved").asBoolean()
            && panel.path("closedByEscape").asBoolean(),
        "the panel is keyboard-usable: " + panel);
    JsonNode rows = panel.path("rows");
    assertEquals(
        "browser",
        rows.path(0).path("service").asText(),
        "the browser request is the waterfall's root: " + rows);
    assertTrue(
        rows.path(0).path("failed").asBoolean(),
        "the checkout's browser span failed (500): " + rows);
    boolean backendThrew = false;
    for (JsonNode row : rows) {
      backendThrew |=
          row.path("threw").asBoolean()
              && row.path("failed").asBoolean()
              && !"browser".equals(row.path("service").asText());
    }
    assertTrue(
        rows.size() >= 2 && backendThrew,
        "a failed backend span that threw is in the waterfall: " + rows);
    assertTrue(
        panel.path("exception").asText().contains("PaymentDeclinedException"),
        "the exception of the span that threw: " + panel);
    assertTrue(
        panel.path("stack").asText().contains("\tat ")
            || panel.path("stack").asText().contains("at dev.replaylink"),
        "its stack trace: " + panel.path("stack"));
    for (String screenshot :
        List.of("replay-at-error.png", "session-list.png", "trace-panel.png")) {
      Path file = OUT.resolve(screenshot);
      assertTrue(
          Files.isRegularFile(file)
              && Files.size(file) > 10_000
              && Files.getLastModifiedTime(file).toMillis() >= runStarted - 1000,
          "screenshot written by this run: " + file);
    }
  }

  /**
   * The first marker of that kind whose label starts with (or, for kind backend-error from OTLP,
   * contains) the text.
   */
  static JsonNode marker(JsonNode detail, String kind, String label) {
    for (JsonNode m : detail.path("markers")) {
      String text = m.path("label").asText();
      boolean matches =
          label.equals("Sentry")
              ? text.startsWith("Sentry")
              : text.contains(label) && !text.startsWith("Sentry");
      if (m.path("kind").asText().equals(kind) && matches) {
        return m;
      }
    }
    return null;
  }

  /**
   * A marker of that kind after the checkout answered: the coupon's JS error, the gift-wrap dead
   * click.
   */
  static JsonNode markerAfter(JsonNode detail, String kind, long after) {
    for (JsonNode m : detail.path("markers")) {
      if (m.path("kind").asText().equals(kind) && m.path("timestamp").asLong() > after) {
        return m;
      }
    }
    return null;
  }

  /**
   * Where the time of a run goes, in the test output (CI time matters: every run starts a JVM and a
   * browser).
   */
  static void progress(String phase, long since) {
    System.out.printf(
        "[e2e] %-14s +%.1f s%n", phase, (System.currentTimeMillis() - since) / 1000.0);
  }

  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
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

  static Process start(List<String> command, Map<String, String> env, String name)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(OUT.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  static void waitUntilUp(String url) throws Exception {
    await(
        url,
        () -> {
          try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200
                ? Boolean.TRUE
                : null;
          } catch (IOException e) {
            return null;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          }
        },
        Duration.ofSeconds(240));
  }

  static JsonNode get(String url) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
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
    ProcessBuilder pb =
        new ProcessBuilder("node", script).redirectErrorStream(true).redirectOutput(log.toFile());
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
