package dev.replaylink.sentry;

import static dev.replaylink.sentry.TestObjects.PUBLIC_URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.replaylink.testsupport.ServiceProcess;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryIntegrationPackageStorage;
import io.sentry.SentryLevel;
import io.sentry.SentryOptions;
import io.sentry.SpanContext;
import io.sentry.SpanId;
import io.sentry.protocol.Request;
import io.sentry.protocol.SentryId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The integration inside the real Sentry SDK, which sends its envelopes to a local receiver. */
class SentryEnvelopeIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private EnvelopeReceiver receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = new EnvelopeReceiver();
  }

  @AfterEach
  void stop() {
    Sentry.close();
    Sentry.getGlobalScope()
        .clear(); // the global scope outlives Sentry.close(): drop processors installed on it
    receiver.close();
  }

  private void initSentry(ReplaylinkIntegration integration) {
    initSentry(integration, o -> {});
  }

  private void initSentry(ReplaylinkIntegration integration, Consumer<SentryOptions> more) {
    Sentry.init(
        o -> {
          more.accept(o);
          o.setDsn(receiver.dsn());
          o.setRelease("demo-shop@1.0.0");
          o.setEnvironment("test");
          o.setServerName("it-host");
          o.setEnableUncaughtExceptionHandler(false);
          if (integration != null) {
            o.addIntegration(integration);
          }
        });
  }

  @Test
  void exceptionWhileHandlingRequestWithSessionBaggageCarriesTagsAndContext() throws Exception {
    String sessionId = TestObjects.randomSessionId();
    initSentry(ReplaylinkIntegration.builder().url(PUBLIC_URL).build());
    HttpServer app = failingApp();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + app.getAddress().getPort() + "/checkout"))
                      .header("baggage", "tenant=acme,session.id=" + sessionId)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(500, response.statusCode());
      Sentry.flush(5000);

      JsonNode event = receiver.awaitEvent(WAIT).payloadJson();
      assertEquals(response.body(), event.get("event_id").asText());
      long timestamp = TestObjects.epochMillis(event.get("timestamp").asText());
      String replayUrl = PUBLIC_URL + "/replay/" + sessionId + "?t=" + timestamp;
      assertEquals(sessionId, event.at("/tags/session.id").asText());
      assertEquals(replayUrl, event.at("/tags/session_replay.url").asText());
      assertFalse(event.get("tags").has("replay_id") || event.get("tags").has("replayId"));
      JsonNode context = event.at("/contexts/session_replay");
      assertEquals(sessionId, context.get("session_id").asText());
      assertEquals(replayUrl, context.get("replay_url").asText());
      assertEquals(timestamp, context.get("timestamp_ms").asLong());
      assertEquals(event.at("/contexts/trace/trace_id").asText(), context.get("trace_id").asText());
      assertSdkListsReplaylink(event);
    } finally {
      app.stop(0);
    }
  }

  /**
   * Both runs capture the same event, built deterministically (fixed event ID, timestamp, trace
   * context, the same Throwable, same thread, same options), once without the integration and once
   * with it; the request has baggage but no session. The event item's header must be the same but
   * for the payload's length, and its payload the same but for the {@code sdk} block, where the
   * integration lists itself (nothing else). The envelope header is not compared: it carries
   * sent_at and a random sample_rand by nature. A third run, the same event with a session in its
   * baggage, is the control: it must differ, so an integration that was never registered cannot
   * pass this test.
   */
  @Test
  void eventWithoutSessionIsUnchangedButForTheSdkBlock() throws Exception {
    IllegalStateException error = new IllegalStateException("boom");
    // Sentry keeps the SDK's integration list process-wide: start from what Sentry itself adds.
    SentryIntegrationPackageStorage.getInstance().clearStorage();
    EnvelopeReceiver.Item without = captureDeterministic(null, error, "tenant=acme");
    ReplaylinkIntegration integration =
        ReplaylinkIntegration.builder().url(PUBLIC_URL).ingestKey("k").build();
    EnvelopeReceiver.Item with = captureDeterministic(integration, error, "tenant=acme");

    assertTrue(
        new String(with.payload(), StandardCharsets.UTF_8).contains("\"baggage\""),
        "the request was seen");
    ObjectNode withHeader = (ObjectNode) EnvelopeReceiver.json(with.header());
    ObjectNode withoutHeader = (ObjectNode) EnvelopeReceiver.json(without.header());
    assertEquals(
        with.payload().length,
        withHeader.remove("length").asInt(),
        "the header's length is the payload's");
    withoutHeader.remove("length");
    assertEquals(withoutHeader, withHeader, "the item header apart from the payload length");
    ObjectNode withEvent = (ObjectNode) with.payloadJson();
    ObjectNode withoutEvent = (ObjectNode) without.payloadJson();
    JsonNode withSdk = withEvent.remove("sdk");
    JsonNode withoutSdk = withoutEvent.remove("sdk");
    assertEquals(withoutEvent, withEvent, "the event apart from its sdk block");
    List<String> added = new ArrayList<>();
    withSdk.get("integrations").forEach(n -> added.add(n.asText()));
    withoutSdk.get("integrations").forEach(n -> added.remove(n.asText()));
    assertEquals(List.of("Replaylink"), added, "the one integration the sdk block gains");
    assertSdkListsReplaylink(with.payloadJson());
    assertEquals(
        0,
        integration.sentReports() + integration.droppedReports(),
        "nothing reported without a session");

    String sessionId = TestObjects.randomSessionId();
    ReplaylinkIntegration control =
        ReplaylinkIntegration.builder().url(PUBLIC_URL).reportErrors(false).build();
    EnvelopeReceiver.Item linked =
        captureDeterministic(control, error, "tenant=acme,session.id=" + sessionId);
    JsonNode linkedEvent = linked.payloadJson();
    assertEquals(
        sessionId,
        linkedEvent.at("/tags/session.id").asText(),
        "the same event with a session is linked");
    assertEquals(
        PUBLIC_URL + "/replay/" + sessionId + "?t=1700000000123",
        linkedEvent.at("/contexts/session_replay/replay_url").asText());
    assertFalse(without.payloadJson().path("tags").has("session.id"));
  }

  /**
   * The event's {@code sdk} block names the integration and its package, as Sentry's own
   * integrations appear.
   */
  private static void assertSdkListsReplaylink(JsonNode event) {
    List<String> integrations = new ArrayList<>();
    event.at("/sdk/integrations").forEach(n -> integrations.add(n.asText()));
    assertTrue(integrations.contains("Replaylink"), "sdk.integrations: " + integrations);
    boolean listed = false;
    for (JsonNode p : event.at("/sdk/packages")) {
      listed |=
          p.path("name").asText().equals("maven:dev.replaylink:replaylink-sentry")
              && p.path("version").asText().equals(System.getProperty("replaylink.version"));
    }
    assertTrue(listed, "sdk.packages: " + event.at("/sdk/packages"));
  }

  private EnvelopeReceiver.Item captureDeterministic(
      ReplaylinkIntegration integration, Throwable error, String baggage) throws Exception {
    initSentry(integration);
    SentryEvent event = new SentryEvent(new Date(1_700_000_000_123L));
    event.setEventId(new SentryId("0123456789abcdef0123456789abcdef"));
    event.setThrowable(error);
    event
        .getContexts()
        .setTrace(
            new SpanContext(
                new SentryId(TestObjects.TRACE_ID),
                new SpanId("00f067aa0ba902b7"),
                "http.server",
                null,
                null));
    event.setRequest(TestObjects.requestWithHeaders("baggage", baggage, "user-agent", "it"));
    Sentry.captureEvent(event);
    Sentry.flush(5000);
    Sentry.close();
    return receiver.awaitEvent(WAIT);
  }

  @Test
  void installOnGlobalScopeLinksEventsWhereSentryWasInitialisedElsewhere() throws Exception {
    initSentry(null);
    ReplaylinkIntegration integration = ReplaylinkIntegration.builder().url(PUBLIC_URL).build();
    ReplaylinkIntegration.installOnGlobalScope(integration);
    ReplaylinkIntegration.installOnGlobalScope(integration);
    String sessionId = TestObjects.randomSessionId();
    captureWithSession(sessionId);
    Sentry.flush(5000);
    JsonNode event = receiver.awaitEvent(WAIT).payloadJson();
    long timestamp = TestObjects.epochMillis(event.get("timestamp").asText());
    assertEquals(
        PUBLIC_URL + "/replay/" + sessionId + "?t=" + timestamp,
        event.at("/tags/session_replay.url").asText());
    assertEquals(sessionId, event.at("/contexts/session_replay/session_id").asText());
  }

  /**
   * Sentry's debug mode is on and its logger captures everything: while replay-service is down the
   * integration says so at DEBUG (which proves its lines reach this logger) and nothing louder, and
   * nothing reaches the console.
   */
  @Test
  void replayServiceDownStillDeliversToSentryWithoutExceptionOrLogs() throws Exception {
    String sessionId = TestObjects.randomSessionId();
    ReplaylinkIntegration integration =
        ReplaylinkIntegration.builder()
            .url("http://127.0.0.1:" + ServiceProcess.freePort())
            .ingestKey("k")
            .timeout(Duration.ofSeconds(1))
            .build();
    CapturingLogger logs = new CapturingLogger();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(console, true));
      System.setErr(new PrintStream(console, true));
      initSentry(
          integration,
          o -> {
            o.setDebug(true);
            o.setDiagnosticLevel(SentryLevel.DEBUG);
            o.setLogger(logs);
          });
      SentryId id = captureWithSession(sessionId);
      Sentry.flush(5000);
      assertTrue(integration.awaitReports(WAIT));

      JsonNode event = receiver.awaitEvent(WAIT).payloadJson();
      assertEquals(id.toString(), event.get("event_id").asText());
      assertEquals(sessionId, event.at("/tags/session.id").asText());
      assertEquals(1, integration.droppedReports());
      assertEquals(0, integration.sentReports());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals("", console.toString(StandardCharsets.UTF_8), "nothing on the console");
    assertTrue(
        logs.entries().stream()
            .anyMatch(
                e ->
                    e.level() == SentryLevel.DEBUG
                        && e.fromReplaylink()
                        && e.message().contains("not delivered")),
        "the failed report is logged at debug: " + logs.entries());
    assertTrue(
        logs.entries().stream()
            .anyMatch(
                e ->
                    e.level() == SentryLevel.DEBUG
                        && e.message()
                            .startsWith(
                                "ReplaylinkIntegration "
                                    + SdkVersionEntry.VERSION
                                    + " installed: replay links to http://127.0.0.1:")),
        "register says so at debug: " + logs.entries());
    List<CapturingLogger.Entry> louder =
        logs.entries().stream()
            .filter(e -> e.level().ordinal() > SentryLevel.DEBUG.ordinal() && e.fromReplaylink())
            .toList();
    assertEquals(List.of(), louder, "nothing above debug from the integration");
  }

  /**
   * Installed on the global scope after Sentry.init, the integration is closed by Sentry.close().
   */
  @Test
  void sentryCloseStopsTheReporterOfAnIntegrationInstalledOnTheGlobalScope() throws Exception {
    HttpServer replayService =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    replayService.createContext(
        "/api/v1/errors",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    replayService.start();
    try {
      initSentry(null);
      ReplaylinkIntegration integration =
          ReplaylinkIntegration.installOnGlobalScope(
              ReplaylinkIntegration.builder()
                  .url("http://127.0.0.1:" + replayService.getAddress().getPort())
                  .ingestKey("k")
                  .build());
      captureWithSession(TestObjects.randomSessionId());
      assertTrue(integration.awaitReports(WAIT));
      assertEquals(1, integration.sentReports(), "reported while Sentry runs");

      Sentry.close();
      initSentry(null); // the global scope, and the processor on it, outlive Sentry.close()
      captureWithSession(TestObjects.randomSessionId());
      assertTrue(integration.awaitReports(WAIT));
      assertEquals(1, integration.sentReports(), "nothing sent after Sentry.close()");
      assertEquals(1, integration.droppedReports(), "the closed reporter refuses new reports");
    } finally {
      replayService.stop(0);
    }
  }

  @Test
  void hangingReplayServiceNeverBlocksCaptureAndQueueStaysBounded() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ReplaylinkIntegration integration =
          ReplaylinkIntegration.builder()
              .url("http://127.0.0.1:" + silent.getLocalPort())
              .ingestKey("k")
              .queueCapacity(2)
              .timeout(Duration.ofSeconds(5))
              .build();
      initSentry(integration);
      captureWithSession(TestObjects.randomSessionId());
      long slowest = 0;
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        captureWithSession(TestObjects.randomSessionId());
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      // The report in flight waits up to the 5 s timeout; capture must not wait for it.
      assertTrue(
          slowest < Duration.ofSeconds(1).toNanos(),
          "capture waited " + slowest / 1_000_000 + " ms");
      // 11 reports: one in flight, two queued, the rest dropped (one more may slip in while the
      // first is taken).
      assertTrue(integration.droppedReports() >= 7, "dropped " + integration.droppedReports());
    }
  }

  private static SentryId captureWithSession(String sessionId) {
    SentryId[] id = new SentryId[1];
    Sentry.withScope(
        scope -> {
          scope.setTag("session.id", sessionId);
          id[0] = Sentry.captureException(new IllegalStateException("boom"));
        });
    assertNotNull(id[0]);
    return id[0];
  }

  /**
   * A tiny web app whose handler fails and reports to Sentry with the request data, as Sentry's web
   * integrations do.
   */
  static HttpServer failingApp() throws IOException {
    HttpServer app =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    app.createContext(
        "/checkout",
        exchange -> {
          SentryId[] id = new SentryId[1];
          Sentry.withScope(
              scope -> {
                Map<String, String> headers = new HashMap<>();
                exchange
                    .getRequestHeaders()
                    .forEach((name, values) -> headers.put(name, String.join(",", values)));
                Request request = new Request();
                request.setMethod(exchange.getRequestMethod());
                request.setUrl("http://shop.example.com" + exchange.getRequestURI().getPath());
                request.setHeaders(headers);
                scope.setRequest(request);
                try {
                  throw new IllegalStateException("boom");
                } catch (IllegalStateException e) {
                  id[0] = Sentry.captureException(e);
                }
              });
          byte[] body = id[0].toString().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(500, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    app.start();
    return app;
  }
}
