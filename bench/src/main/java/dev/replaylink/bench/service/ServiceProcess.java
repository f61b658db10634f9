package dev.replaylink.bench.service;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * replay-service as a child JVM on 127.0.0.1 with a fixed project ({@link #INGEST_KEY}) and admin
 * token ({@link #API_TOKEN}), rate limit, retention and background compaction off. Output goes to a log file under target/. Always
 * {@link #close()} it; a shutdown hook kills it if the benchmark dies.
 */
public final class ServiceProcess implements AutoCloseable {
  public static final String INGEST_KEY = "bench-key-123";
  public static final String API_TOKEN = "bench-token-0123456789";
  public static final String DEFAULT_JAR = "replay-service/target/replay-service-0.1.0-SNAPSHOT.jar";

  private final Process process;
  private final Thread killer;
  public final int port;
  public final String baseUrl;

  private ServiceProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.baseUrl = "http://127.0.0.1:" + port;
    this.killer = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(killer);
  }

  public static ServiceProcess start(Path jar, BenchDatabase db, String heap) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " not found: build it with mvn -B -q -o -DskipTests install -pl replay-service");
    }
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-Dmicronaut.server.port=" + port,
        "-Dmicronaut.server.host=127.0.0.1",
        "-Ddatasources.default.url=" + db.url(),
        "-Ddatasources.default.username=" + db.user(),
        "-Ddatasources.default.password=" + db.password(),
        "-Dreplaylink.public-url=http://127.0.0.1:" + port,
        "-Dreplaylink.projects.bench.ingest-key=" + INGEST_KEY,
        "-Dreplaylink.projects.bench.allowed-origins=*",
        "-Dreplaylink.api-tokens.bench.token=" + API_TOKEN,
        "-Dreplaylink.api-tokens.bench.role=admin",
        "-Dreplaylink.ingest.rate-per-key=0",
        "-Dreplaylink.ingest.rate-per-session=0",
        "-Dreplaylink.retention.enabled=false",
        // benchmarks that need compaction ask for it (POST /api/v1/sessions/{id}/compact)
        "-Dreplaylink.storage.compaction.enabled=false",
        "-jar", jar.toString()));
    // Extra JVM options for the service, e.g. a flight recording: -XX:StartFlightRecording=filename=svc.jfr
    String extra = System.getenv("RL_BENCH_SERVICE_JVM_ARGS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(cmd.indexOf("-jar"), List.of(extra.trim().split("\\s+")));
    }
    Path log = Path.of("bench", "target", "replay-service-" + db.kind() + ".log");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServiceProcess service = new ServiceProcess(p, port);
    service.awaitHealthy(Duration.ofSeconds(90), log);
    return service;
  }

  private void awaitHealthy(Duration timeout, Path log) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("replay-service exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException("replay-service did not become healthy within " + timeout + "; see " + log);
  }

  /** CPU time (user + system) the service JVM has used so far, in nanoseconds. */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
