package dev.replaylink.service.durability;

import dev.replaylink.service.TestObjects;
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

/** The packaged replay-service jar running in a child JVM, as in production, on a port of its own. */
final class ServiceProcess implements AutoCloseable {
  static final Path JAR = Paths.get(System.getProperty("replaylink.service.jar", "target/replay-service-0.1.0-SNAPSHOT.jar"));

  private final int port;
  private final Map<String, String> properties;
  private final Path log;
  private final Path workingDirectory;
  private Process process;
  private String maxHeap = "384m";

  ServiceProcess(int port, Map<String, String> properties, Path log) {
    this(port, properties, log, null);
  }

  /**
   * A service started in {@code workingDirectory} (null: this JVM's), where the shipped configuration
   * keeps its H2 database ({@code ./data}). Database settings come only from {@code properties} and the
   * shipped application.yml, never from this JVM's environment.
   */
  ServiceProcess(int port, Map<String, String> properties, Path log, Path workingDirectory) {
    this.port = port;
    this.properties = properties;
    this.log = log.toAbsolutePath();
    this.workingDirectory = workingDirectory;
  }

  /** The child JVM's {@code -Xmx} (default 384m); call before {@link #start()}. */
  ServiceProcess maxHeap(String size) {
    this.maxHeap = size;
    return this;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  ServiceProcess start() throws Exception {
    if (!Files.exists(JAR)) {
      throw new AssertionError("replay-service jar missing at " + JAR.toAbsolutePath() + " (run mvn package first)");
    }
    List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
        "-Dmicronaut.server.port=" + port,
        "-Dreplaylink.projects.shop.ingest-key=" + TestObjects.INGEST_KEY,
        "-Dreplaylink.projects.shop.allowed-origins=*",
        "-Dreplaylink.api-tokens.admin.token=" + TestObjects.ADMIN_TOKEN,
        "-Dreplaylink.api-tokens.admin.role=admin",
        "-Dreplaylink.ingest.rate-per-key=0",
        "-Dreplaylink.ingest.rate-per-session=0"));
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(JAR.toAbsolutePath().toString());
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    builder.environment().keySet().removeIf(name -> name.startsWith("DATASOURCES_") || name.startsWith("REPLAYLINK_"));
    process = builder.start();
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("replay-service exited during start-up:\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("replay-service did not start within 90 s:\n" + Files.readString(log));
  }

  /** SIGKILL: no shutdown hooks, no flushing, as when a machine loses power or the OOM killer strikes. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
