package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real OpenTelemetry Java agent (path in system property {@code otel-agent.jar}) runs {@link
 * AgentApp} in a child JVM: the session comes from OTel baggage and the context's {@code trace_id}
 * is the trace the request carried in {@code traceparent}.
 */
class OtelAgentIT {
  @Test
  void underTheOtelAgentSessionComesFromBaggageAndTraceIdIsTheRequestTrace() throws Exception {
    String agent = System.getProperty("otel-agent.jar");
    assertTrue(
        agent != null && new File(agent).isFile(), "OpenTelemetry agent jar missing: " + agent);
    String sessionId = TestObjects.randomSessionId();
    String traceId = TestObjects.randomTraceId();
    try (EnvelopeReceiver receiver = new EnvelopeReceiver()) {
      Process app = startApp(agent, receiver.dsn());
      try {
        int port = awaitPort(app);
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checkout"))
                        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                        .header("baggage", "session.id=" + sessionId)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        String[] answer = response.body().split(" ");
        assertEquals(traceId, answer[1], "the agent continued the request's trace");
        assertEquals(sessionId, answer[2], "the agent put the request's baggage in the context");

        JsonNode event = receiver.awaitEvent(Duration.ofSeconds(20)).payloadJson();
        assertEquals(answer[0], event.get("event_id").asText());
        long timestamp = TestObjects.epochMillis(event.get("timestamp").asText());
        String replayUrl = TestObjects.PUBLIC_URL + "/replay/" + sessionId + "?t=" + timestamp;
        assertEquals(sessionId, event.at("/tags/session.id").asText());
        assertEquals(replayUrl, event.at("/tags/session_replay.url").asText());
        JsonNode context = event.at("/contexts/session_replay");
        assertEquals(sessionId, context.get("session_id").asText());
        assertEquals(replayUrl, context.get("replay_url").asText());
        assertEquals(timestamp, context.get("timestamp_ms").asLong());
        assertEquals(traceId, context.get("trace_id").asText());
      } finally {
        app.destroy();
        if (!app.waitFor(10, TimeUnit.SECONDS)) {
          app.destroyForcibly();
        }
      }
    }
  }

  private static Process startApp(String agent, String dsn) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent,
                "-Dotel.service.name=agent-app",
                "-Dotel.traces.exporter=none",
                "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none",
                "-Dotel.javaagent.logging=none",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                AgentApp.class.getName(),
                dsn));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static int awaitPort(Process app) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<Integer> port =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  seen.append(line).append('\n');
                  if (line.startsWith("PORT ")) {
                    return Integer.parseInt(line.substring(5).trim());
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              throw new IllegalStateException("app exited before listening:\n" + seen);
            });
    try {
      int p = port.get(60, TimeUnit.SECONDS);
      Thread drain =
          new Thread(
              () -> {
                try {
                  while (out.readLine() != null) {
                    // keep the pipe from filling up
                  }
                } catch (java.io.IOException ignored) {
                  // process ended
                }
              });
      drain.setDaemon(true);
      drain.start();
      return p;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("app not listening within 60 s:\n" + seen, e);
    }
  }
}
