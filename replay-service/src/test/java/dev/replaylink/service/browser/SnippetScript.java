package dev.replaylink.service.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of agent-snippet's browser test scripts ({@code agent-snippet/e2e/*.mjs}) with node
 * against a running replay-service. The script drives headless Chromium through playwright-core
 * (agent-snippet's locked dev dependency) and exits non-zero with a message when its assertions fail.
 *
 * <p>Not thread-safe; blocks until the script ends or its time limit passes.
 */
final class SnippetScript {
  static final Path SNIPPET_DIR = Path.of(System.getProperty("replaylink.snippet.dir", "../agent-snippet")).toAbsolutePath().normalize();
  static final String CHROMIUM = blankToDefault(System.getProperty("chromium.path"), "/usr/bin/chromium");

  private SnippetScript() {}

  /** Why the browser tests cannot run on this machine, or null when they can. */
  static String missingPrerequisite() {
    if (!Files.isExecutable(Path.of(CHROMIUM))) {
      return "Chromium not found at " + CHROMIUM + " (set -Dchromium.path)";
    }
    if (!Files.isDirectory(SNIPPET_DIR.resolve("node_modules/playwright-core"))) {
      return "agent-snippet dependencies not installed (run the agent-snippet build: npm ci)";
    }
    if (!Files.isRegularFile(SNIPPET_DIR.resolve("target/classes/replaylink-sdk/replaylink.js"))) {
      return "agent-snippet bundle not built (run the agent-snippet build)";
    }
    return null;
  }

  /**
   * Runs {@code e2e/<name>.mjs}; returns its one-line JSON summary, throws AssertionError with the
   * script's output when it fails or runs longer than {@code timeoutSeconds}.
   */
  static String run(String name, String serviceUrl, String ingestKey, String apiToken, long timeoutSeconds) {
    Path log = null;
    try {
      log = Files.createTempFile("replaylink-" + name, ".log");
      ProcessBuilder pb = new ProcessBuilder("node", "e2e/" + name + ".mjs").directory(SNIPPET_DIR.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = pb.environment();
      env.put("REPLAYLINK_URL", serviceUrl);
      env.put("REPLAYLINK_KEY", ingestKey);
      env.put("REPLAYLINK_TOKEN", apiToken);
      env.put("CHROMIUM_PATH", CHROMIUM);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(name + ".mjs ran longer than " + timeoutSeconds + " s:\n" + read(log));
      }
      String out = read(log);
      if (p.exitValue() != 0) {
        throw new AssertionError(name + ".mjs failed (exit " + p.exitValue() + "):\n" + out);
      }
      return out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(out);
    } catch (IOException e) {
      throw new AssertionError("cannot run node for " + name + ".mjs", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + name + ".mjs", e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // temp file; the OS cleans up
        }
      }
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
  }
}
