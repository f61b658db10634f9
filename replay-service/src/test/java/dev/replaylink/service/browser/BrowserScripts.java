package dev.replaylink.service.browser;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a node script that drives the real Chromium through playwright-core (from agent-snippet's
 * locked npm dependencies) and returns the JSON object it prints last. A missing Chromium or node
 * is a test failure, never a skip.
 */
public final class BrowserScripts {
  /** replay-service module folder (tests run with it as working directory under Maven). */
  public static final Path MODULE = Paths.get("").toAbsolutePath();

  public static final Path SNIPPET = MODULE.resolveSibling("agent-snippet");
  public static final Path SCREENSHOTS = MODULE.resolve("target/screenshots");

  private BrowserScripts() {}

  public static String chromium() {
    String path = System.getProperty("chromium.path", "/usr/bin/chromium");
    if (!Files.isExecutable(Path.of(path))) {
      fail(
          "Chromium not found at "
              + path
              + ": install it (apt-get install -y chromium) or set -Dchromium.path");
    }
    return path;
  }

  /**
   * Runs {@code script} (path relative to the module or absolute) with extra environment; fails the
   * test on a non-zero exit.
   */
  public static JsonNode run(String script, Map<String, String> env, Duration timeout) {
    Path scriptPath = MODULE.resolve(script);
    ProcessBuilder pb =
        new ProcessBuilder(List.of("node", scriptPath.toString()))
            .directory(MODULE.toFile())
            .redirectErrorStream(true);
    pb.environment().put("CHROMIUM_PATH", chromium());
    pb.environment().put("SNIPPET_DIR", SNIPPET.toString());
    pb.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
    pb.environment().putAll(env);
    try {
      Files.createDirectories(SCREENSHOTS);
      Path log =
          MODULE.resolve(
              "target/browser-logs/" + scriptPath.getFileName() + "-" + System.nanoTime() + ".log");
      Files.createDirectories(log.getParent());
      pb.redirectOutput(log.toFile());
      Process p = pb.start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (!done) {
        fail(script + " timed out after " + timeout + ":\n" + output);
      }
      if (p.exitValue() != 0) {
        fail(script + " failed (exit " + p.exitValue() + "):\n" + output);
      }
      String[] lines = output.strip().split("\n");
      return TestObjects.JSON.readTree(lines[lines.length - 1]);
    } catch (IOException e) {
      throw new AssertionError("Could not run " + script + " with node", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
