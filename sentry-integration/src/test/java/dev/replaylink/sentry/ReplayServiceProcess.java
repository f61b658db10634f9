package dev.replaylink.sentry;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The real replay-service (its runnable jar, path in system property {@code replay-service.jar}) in a
 * child process on an in-memory H2 database, with project {@code test} and an admin API token.
 */
final class ReplayServiceProcess implements AutoCloseable {
  static final String INGEST_KEY = "it-ingest-" + UUID.randomUUID();
  static final String API_TOKEN = "it-token-" + UUID.randomUUID();

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private ReplayServiceProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ReplayServiceProcess start() throws IOException, InterruptedException {
    String jar = System.getProperty("replay-service.jar");
    if (jar == null || !new File(jar).isFile()) {
      throw new IllegalStateException("replay-service jar not found at " + jar
          + "; build it first: mvn -B -DskipTests install -pl replay-service");
    }
    int port = TestObjects.freePort();
    Path log = Path.of("target", "replay-service-" + port + ".log");
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Dmicronaut.server.port=" + port,
        "-Ddatasources.default.url=jdbc:h2:mem:x" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
        "-Dreplaylink.projects.test.ingest-key=" + INGEST_KEY,
        "-Dreplaylink.projects.test.allowed-origins=*",
        "-Dreplaylink.api-tokens.test.token=" + API_TOKEN,
        "-Dreplaylink.api-tokens.test.role=admin",
        "-jar", jar))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    ReplayServiceProcess service = new ReplayServiceProcess(process, port);
    service.awaitHealthy(Duration.ofSeconds(90), log);
    return service;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code GET /api/v1/sessions/{id}} with the admin token: status and body. */
  HttpResponse<String> session(String sessionId) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/sessions/" + sessionId))
        .header("Authorization", "Bearer " + API_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void awaitHealthy(Duration timeout, Path log) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("replay-service exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create(url() + "/health")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException("replay-service not healthy within " + timeout + ":\n" + Files.readString(log));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
