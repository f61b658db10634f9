package dev.replaylink.service.firstrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.Http;
import dev.replaylink.testsupport.PostgresSchema;
import dev.replaylink.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first run: the packaged jar started with no configuration at all in an empty
 * directory prints a working ingest key, admin token and URLs, and keeps its data under ./data; and
 * the documented environment variables configure projects, tokens and PostgreSQL instead. Only the
 * port is set (MICRONAUT_SERVER_PORT), so that parallel builds do not collide on 8080.
 */
class ZeroConfigIT {
  static final Pattern INGEST_KEY = Pattern.compile("ingest key:\\s+(rl_ik_\\S+)");
  static final Pattern ADMIN_TOKEN = Pattern.compile("admin token:\\s+(rl_at_\\S+)");
  static final Pattern SESSIONS_URL = Pattern.compile("sessions:\\s+(http://\\S+)/sessions");

  /**
   * The service jar running in a child JVM in {@code workDir} with exactly the given environment
   * additions.
   */
  static final class Service implements AutoCloseable {
    final Path log;
    final Process process;
    final String output;

    Service(Path workDir, Map<String, String> env, String logName) throws Exception {
      log = Paths.get("target/first-run-logs").toAbsolutePath().resolve(logName);
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      ProcessBuilder pb =
          new ProcessBuilder(
                  Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx384m",
                  "-jar",
                  ServiceProcess.jar().toString())
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // nothing inherited may configure the service
      pb.environment()
          .keySet()
          .removeIf(
              k ->
                  k.startsWith("REPLAYLINK_")
                      || k.startsWith("DATASOURCES_")
                      || k.startsWith("MICRONAUT_")
                      || k.startsWith("FLYWAY_")
                      || k.startsWith("JAVA_TOOL_OPTIONS"));
      pb.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(ServiceProcess.freePort()));
      pb.environment().putAll(env);
      process = pb.start();
      output = awaitStarted();
    }

    private String awaitStarted() throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        String out = Files.exists(log) ? Files.readString(log) : "";
        if (!process.isAlive()) {
          throw new AssertionError("replay-service exited during start-up:\n" + out);
        }
        if (SESSIONS_URL.matcher(out).find()) {
          return out;
        }
        Thread.sleep(250);
      }
      throw new AssertionError(
          "replay-service printed no start-up banner within 120 s:\n" + Files.readString(log));
    }

    String printed(Pattern p) {
      Matcher m = p.matcher(output);
      assertTrue(m.find(), "printed at start-up (" + p + "):\n" + output);
      return m.group(1);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  static ObjectNode batch(String session, String url) {
    long now = System.currentTimeMillis();
    return TestObjects.batch(
        session,
        "window-" + session,
        0,
        List.of(
            TestObjects.meta(now - 30, url),
            TestObjects.fullSnapshot(now - 29),
            TestObjects.incremental(now - 10)));
  }

  static HttpResponse<String> ingest(String base, ObjectNode batch, String key, String origin)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/ingest"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("X-Replaylink-Key", key)
            .header("Origin", origin)
            .POST(HttpRequest.BodyPublishers.ofByteArray(TestObjects.bytes(batch)))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  static int eventCount(String base, String session, String token) {
    HttpResponse<String> r = new Http(base).get("/api/v1/sessions/" + session + "/events", token);
    assertEquals(200, r.statusCode(), r.body());
    return Http.json(r).get("events").size();
  }

  @Test
  void firstRunWithoutConfigurationPrintsWorkingCredentialsAndKeepsDataUnderDotData(
      @TempDir Path workDir) throws Exception {
    String session = "first-" + UUID.randomUUID();
    String key;
    String token;
    try (Service service = new Service(workDir, Map.of(), "zero-config.log")) {
      assertTrue(service.output.contains("LOCAL-DEVELOPMENT DEFAULTS"), service.output);
      key = service.printed(INGEST_KEY);
      token = service.printed(ADMIN_TOKEN);
      String base = service.printed(SESSIONS_URL).replace("localhost", "127.0.0.1");
      assertTrue(
          service.output.contains(service.printed(SESSIONS_URL) + "/sdk/replaylink.js"),
          "the recorder URL is printed");

      HttpResponse<String> r =
          ingest(base, batch(session, "http://localhost:3000/"), key, "http://localhost:3000");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(3, Http.json(r).get("accepted").asInt());
      assertEquals(3, eventCount(base, session, token));
      assertEquals(
          401,
          new Http(base).get("/api/v1/sessions", key).statusCode(),
          "the ingest key does not read");
      HttpResponse<String> health = new Http(base).get("/health", null);
      assertEquals(200, health.statusCode(), health.body());
    }
    try (Stream<Path> files = Files.list(workDir.resolve("data"))) {
      assertTrue(
          files.anyMatch(
              f ->
                  f.getFileName().toString().startsWith("replaylink")
                      && f.toString().endsWith(".mv.db")),
          "the H2 database file is under ./data of the working directory");
    }

    try (Service again = new Service(workDir, Map.of(), "zero-config-restart.log")) {
      assertEquals(
          key, again.printed(INGEST_KEY), "the generated ingest key is kept across restarts");
      assertEquals(token, again.printed(ADMIN_TOKEN));
      assertEquals(
          3,
          eventCount(
              again.printed(SESSIONS_URL).replace("localhost", "127.0.0.1"), session, token));
    }
  }

  @Test
  void environmentVariablesConfigureProjectsTokensAndPostgres(@TempDir Path workDir)
      throws Exception {
    try (PostgresSchema schema = PostgresSchema.create("rl_firstrun")) {
      configuredByEnvironment(workDir, schema);
    }
  }

  private void configuredByEnvironment(Path workDir, PostgresSchema schema) throws Exception {
    String ingestKey = "env-ingest-key-" + UUID.randomUUID();
    String otherKey = "env-other-key-" + UUID.randomUUID();
    String adminToken = "env-admin-token-" + UUID.randomUUID();
    String viewerToken = "env-viewer-token-" + UUID.randomUUID();
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("REPLAYLINK_PROJECTS_SHOP_INGEST_KEY", ingestKey),
            Map.entry(
                "REPLAYLINK_PROJECTS_SHOP_ALLOWED_ORIGINS",
                "https://shop.example.com,https://www.shop.example.com"),
            Map.entry("REPLAYLINK_PROJECTS_SHOP_BLOCKED_URL_PATTERNS", ".*/checkout/payment.*"),
            Map.entry("REPLAYLINK_PROJECTS_SHOP_RETENTION_DAYS", "7"),
            Map.entry("REPLAYLINK_PROJECTS_BACK_OFFICE_INGEST_KEY", otherKey),
            Map.entry("REPLAYLINK_PROJECTS_BACK_OFFICE_ALLOWED_ORIGINS", "*"),
            Map.entry("REPLAYLINK_API_TOKENS_OPS_TOKEN", adminToken),
            Map.entry("REPLAYLINK_API_TOKENS_OPS_ROLE", "admin"),
            Map.entry("REPLAYLINK_API_TOKENS_SUPPORT_TEAM_TOKEN", viewerToken),
            Map.entry("REPLAYLINK_API_TOKENS_SUPPORT_TEAM_PROJECTS", "back-office"),
            Map.entry("DATASOURCES_DEFAULT_URL", schema.jdbcUrl()),
            Map.entry("DATASOURCES_DEFAULT_USERNAME", schema.user()),
            Map.entry("DATASOURCES_DEFAULT_PASSWORD", schema.password()));
    String session = "env-" + UUID.randomUUID();
    String otherSession = "env-other-" + UUID.randomUUID();
    try (Service service = new Service(workDir, env, "env-config.log")) {
      assertFalse(
          service.output.contains("LOCAL-DEVELOPMENT DEFAULTS"),
          "nothing generated when configured:\n" + service.output);
      String base = service.printed(SESSIONS_URL).replace("localhost", "127.0.0.1");

      assertEquals(
          200,
          ingest(
                  base,
                  batch(session, "https://www.shop.example.com/"),
                  ingestKey,
                  "https://www.shop.example.com")
              .statusCode());
      HttpResponse<String> foreign =
          ingest(
              base,
              batch("env-x-" + UUID.randomUUID(), "https://evil.example/"),
              ingestKey,
              "https://evil.example");
      assertEquals(
          403, foreign.statusCode(), "allowed origins from the environment: " + foreign.body());
      HttpResponse<String> blocked =
          ingest(
              base,
              batch("env-b-" + UUID.randomUUID(), "https://shop.example.com/checkout/payment"),
              ingestKey,
              "https://shop.example.com");
      assertEquals(
          0,
          Http.json(blocked).get("accepted").asInt(),
          "blocked URL patterns from the environment: " + blocked.body());
      HttpResponse<String> other =
          ingest(
              base, batch(otherSession, "https://back.example/"), otherKey, "https://back.example");
      assertEquals(200, other.statusCode(), "a project whose name has a dash: " + other.body());

      assertEquals(3, eventCount(base, session, adminToken));
      Http http = new Http(base);
      assertEquals(
          404,
          http.get("/api/v1/sessions/" + session, viewerToken).statusCode(),
          "the viewer token reads only its project");
      assertEquals(200, http.get("/api/v1/sessions/" + otherSession, viewerToken).statusCode());
      HttpResponse<String> deleted =
          http.send(
              http.request("/api/v1/sessions/" + otherSession)
                  .header("Authorization", "Bearer " + adminToken)
                  .DELETE());
      assertEquals(200, deleted.statusCode(), "the role from the environment: " + deleted.body());
      assertEquals(1, Http.json(deleted).get("deleted").asInt());
    }
    try (Connection c = schema.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT project, event_count FROM rl_sessions WHERE session_id = '"
                    + session
                    + "'")) {
      assertTrue(rs.next(), "the session is stored in the configured PostgreSQL schema");
      assertEquals("shop", rs.getString(1));
      assertEquals(3, rs.getLong(2));
    }
    assertFalse(
        Files.exists(workDir.resolve("data")), "no H2 database when PostgreSQL is configured");
  }
}
