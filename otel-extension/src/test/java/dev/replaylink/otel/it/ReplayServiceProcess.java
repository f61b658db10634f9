package dev.replaylink.otel.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real replay-service (its runnable jar) in a child JVM on a free port with an in-memory H2
 * database, a test project and an admin API token. One instance is shared by all integration tests
 * of a run and stopped when the test JVM exits.
 */
public final class ReplayServiceProcess {
  private static ReplayServiceProcess shared;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final String ingestKey;
  private final String apiToken;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ReplayServiceProcess(Process process, int port, String ingestKey, String apiToken) {
    this.process = process;
    this.port = port;
    this.ingestKey = ingestKey;
    this.apiToken = apiToken;
  }

  public static synchronized ReplayServiceProcess shared() throws Exception {
    if (shared == null) {
      shared = start();
      ReplayServiceProcess started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return shared;
  }

  static ReplayServiceProcess start() throws Exception {
    String jar = System.getProperty("replaylink.service.jar");
    if (jar == null || !new File(jar).isFile()) {
      throw new IllegalStateException("replay-service jar not found at " + jar + "; build replay-service first");
    }
    int port = freePort();
    String key = "it-key-" + UUID.randomUUID();
    String token = "it-token-" + UUID.randomUUID();
    Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("replay-service-" + port + ".log");
    List<String> command = List.of(javaBin(), "-XX:TieredStopAtLevel=1",
        "-Dmicronaut.server.port=" + port,
        "-Ddatasources.default.url=jdbc:h2:mem:it" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
        "-Dreplaylink.projects.test.ingest-key=" + key,
        "-Dreplaylink.projects.test.allowed-origins=*",
        "-Dreplaylink.api-tokens.test.token=" + token,
        "-Dreplaylink.api-tokens.test.role=admin",
        "-jar", jar);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ReplayServiceProcess service = new ReplayServiceProcess(process, port, key, token);
    service.awaitHealthy(Duration.ofSeconds(60), log);
    return service;
  }

  private void awaitHealthy(Duration timeout, Path log) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("replay-service exited early; see " + log.toAbsolutePath());
      }
      try {
        if (get("/health", false).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    stop();
    throw new IllegalStateException("replay-service did not become healthy; see " + log.toAbsolutePath());
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String ingestKey() {
    return ingestKey;
  }

  /** GET with the admin bearer token. */
  public HttpResponse<String> get(String path, boolean authorized) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10));
    if (authorized) {
      request.header("Authorization", "Bearer " + apiToken);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON body of an authorized GET once it answers 200, or null after the timeout. */
  public JsonNode awaitJson(String path, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<String> response = get(path, true);
      if (response.statusCode() == 200) {
        return JSON.readTree(response.body());
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      Thread.sleep(100);
    }
  }

  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
