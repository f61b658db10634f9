package dev.replaylink.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The packaged replay-service jar in a child JVM on 127.0.0.1, as in production, on a port of its
 * own. Its configuration comes only from the builder's properties and the shipped application.yml:
 * variables of this JVM's environment that would configure it ({@code REPLAYLINK_*}, {@code
 * DATASOURCES_*}) are not passed on. {@link #start()} returns once {@code /health} answers 200. A
 * shutdown hook kills a process its owner never closed, so no service outlives the JVM that started
 * it.
 */
public final class ServiceProcess implements AutoCloseable {
  /** The system property with the jar's path, set by each module's failsafe configuration. */
  public static final String JAR_PROPERTY = "replaylink.service.jar";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread killer;

  private ServiceProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.killer = new Thread(process::destroyForcibly, "replay-service-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The jar named by {@link #JAR_PROPERTY}; fails, naming the property, when it is unset or
   * missing.
   */
  public static Path jar() {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "replay-service jar not found at "
              + jar
              + " (system property "
              + JAR_PROPERTY
              + "); package replay-service first: mvn -B -pl replay-service -am -DskipTests package");
    }
    return Path.of(jar).toAbsolutePath();
  }

  /** A port nobody listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The file the service's standard output and error go to. */
  public Path log() {
    return log;
  }

  /**
   * {@code GET path}, with {@code bearerToken} unless it is null; 4xx and 5xx are answers, not
   * exceptions.
   */
  public HttpResponse<String> get(String path, String bearerToken)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10));
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * CPU time (user + system) the service JVM has used so far, in nanoseconds; -1 where the OS does
   * not say.
   */
  public long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  /**
   * SIGKILL: no shutdown hooks, no flushing, as when a machine loses power or the OOM killer
   * strikes.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
    removeKiller();
  }

  /** A graceful stop (SIGTERM), forced after 20 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    removeKiller();
  }

  private void removeKiller() {
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway; the process is gone
    }
  }

  private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(url() + "/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "replay-service exited with " + process.exitValue() + " during start-up; " + logTail());
      }
      try {
        if (CLIENT.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException(
        "replay-service not healthy within " + timeout + "; " + logTail());
  }

  private String logTail() throws IOException {
    String text = Files.exists(log) ? Files.readString(log) : "";
    return "log " + log + ":\n" + text.substring(Math.max(0, text.length() - 8000));
  }

  /** What to start: every setting has a default but the properties a test needs. */
  public static final class Builder {
    private Path jar;
    private int port;
    private String heap = "384m";
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Path log;
    private Path workingDirectory;
    private Duration startTimeout = Duration.ofSeconds(90);

    private Builder() {}

    /** Default: {@link #jar()}. */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /**
     * Default: a free port. A fixed one lets a restarted service answer where its clients keep
     * sending.
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The child's {@code -Xmx}; default 384m. */
    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    /** Further JVM options, before {@code -jar}. */
    public Builder jvmArgs(List<String> args) {
      jvmArgs.addAll(args);
      return this;
    }

    /** A configuration property, passed as {@code -Dkey=value}. */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public Builder properties(Map<String, String> values) {
      properties.putAll(values);
      return this;
    }

    /** A project that accepts {@code ingestKey} from any origin. */
    public Builder project(String name, String ingestKey) {
      return property("replaylink.projects." + name + ".ingest-key", ingestKey)
          .property("replaylink.projects." + name + ".allowed-origins", "*");
    }

    /** An API token with the admin role. */
    public Builder adminToken(String name, String token) {
      return property("replaylink.api-tokens." + name + ".token", token)
          .property("replaylink.api-tokens." + name + ".role", "admin");
    }

    /** A private in-memory H2 database instead of the shipped H2 file under ./data. */
    public Builder inMemoryH2() {
      return property(
          "datasources.default.url",
          "jdbc:h2:mem:rl" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    }

    /**
     * Default: {@code target/service-logs/replay-service-<port>.log}; appended to, so a restart
     * keeps the first run's lines.
     */
    public Builder log(Path log) {
      this.log = log;
      return this;
    }

    /**
     * Where the shipped configuration keeps its H2 file ({@code ./data}); default: this JVM's
     * directory.
     */
    public Builder workingDirectory(Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public ServiceProcess start() throws IOException, InterruptedException {
      Path jarFile = jar != null ? jar : ServiceProcess.jar();
      if (!Files.isRegularFile(jarFile)) {
        throw new IllegalStateException("replay-service jar not found at " + jarFile);
      }
      int chosenPort = port != 0 ? port : freePort();
      Path logFile =
          (log != null
                  ? log
                  : Path.of("target", "service-logs", "replay-service-" + chosenPort + ".log"))
              .toAbsolutePath();
      Files.createDirectories(logFile.getParent());
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx" + heap));
      command.addAll(jvmArgs);
      command.add("-Dmicronaut.server.host=127.0.0.1");
      command.add("-Dmicronaut.server.port=" + chosenPort);
      properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.addAll(List.of("-jar", jarFile.toString()));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      builder
          .environment()
          .keySet()
          .removeIf(name -> name.startsWith("DATASOURCES_") || name.startsWith("REPLAYLINK_"));
      ServiceProcess service = new ServiceProcess(builder.start(), chosenPort, logFile);
      service.awaitHealthy(startTimeout);
      return service;
    }
  }
}
