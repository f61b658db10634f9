package dev.replaylink.otel.it;

import dev.replaylink.otel.app.DemoApp;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link DemoApp} in a child JVM under the real OpenTelemetry Java agent with the shaded extension
 * jar, its class path holding only the app and the OpenTelemetry API (as an application's would).
 * Output goes to a log file the tests read.
 */
public final class AppProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private AppProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts the app under {@code agentJar}; {@code properties} become {@code -D} flags. */
  public static AppProcess start(String agentJar, String name, Map<String, String> properties)
      throws Exception {
    String extension = System.getProperty("replaylink.extension.jar");
    require(agentJar, "OpenTelemetry Java agent");
    require(extension, "extension jar");
    List<String> command = new ArrayList<>();
    command.add(appJava());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-javaagent:" + agentJar);
    command.add("-Dotel.javaagent.extensions=" + extension);
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(appClassPath());
    command.add(DemoApp.class.getName());
    Path log =
        Files.createDirectories(Path.of("target", "it-logs")).resolve("app-" + name + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int port = awaitPort(process, log, Duration.ofSeconds(60));
    return new AppProcess(process, log, port);
  }

  /**
   * The app's JVM: {@code -Dreplaylink.app.java.home=/usr/lib/jvm/<jdk>} runs it on another Java
   * version than the tests (the agent supports Java 8 and later); default, the tests' own.
   */
  private static String appJava() {
    String home = System.getProperty("replaylink.app.java.home", "");
    return home.isBlank()
        ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
        : Path.of(home, "bin", "java").toString();
  }

  private static int awaitPort(Process process, Path log, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith("LISTENING ")) {
          return Integer.parseInt(line.substring("LISTENING ".length()).trim());
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("app exited early; see " + log.toAbsolutePath());
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("app did not start; see " + log.toAbsolutePath());
  }

  public HttpResponse<String> get(String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  public Path logPath() {
    return log.toAbsolutePath();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static void require(String path, String what) {
    if (path == null || !new File(path).isFile()) {
      throw new IllegalStateException(what + " not found at " + path + "; run through mvn verify");
    }
  }

  /**
   * The app, the OpenTelemetry API and what the API needs (opentelemetry-common since API 1.5x).
   */
  private static String appClassPath() throws Exception {
    List<String> entries =
        new ArrayList<>(
            List.of(location(DemoApp.class), location(Span.class), location(Context.class)));
    try {
      entries.add(location(Class.forName("io.opentelemetry.common.ComponentLoader")));
    } catch (ClassNotFoundException e) {
      // an API version without the common module
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
