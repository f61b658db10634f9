package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay page opened in Chromium 20 s before the end of a session ({@code
 * bench/browser/seek.mjs --json}): a warm-up, then {@code runs} page loads, each timed from
 * navigation to the player drawn at the moment ({@code replay:shown}, the page's first frame there)
 * and to the page complete.
 */
public final class SeekPage {
  private SeekPage() {}

  /** One page load, in ms from navigation (page clock, except {@code readyMs}). */
  public record Run(double shownMs, double readyMs, double eventsMs) {}

  public static List<Run> open(
      String node, String base, String sessionId, long start, long end, int runs) throws Exception {
    Path json = Files.createTempFile("seek-", ".json");
    try {
      launch(command(node, base, sessionId, start, end, runs, "--json", json.toString()));
      List<Run> out = new ArrayList<>();
      for (JsonNode r : RecordingFixture.JSON.readTree(json.toFile())) {
        out.add(
            new Run(
                r.get("shownAt").asDouble(),
                r.get("readyMs").asDouble(),
                r.get("eventsAt").asDouble()));
      }
      return out;
    } finally {
      Files.deleteIfExists(json);
    }
  }

  /** The {@code seek.mjs} command for one session, with {@code extra} options after the common. */
  public static List<String> command(
      String node, String base, String sessionId, long start, long end, int runs, String... extra) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                node,
                Path.of("bench", "browser", "seek.mjs").toString(),
                "--base",
                base,
                "--token",
                BenchService.API_TOKEN,
                "--session",
                sessionId,
                "--start",
                Long.toString(start),
                "--end",
                Long.toString(end),
                "--runs",
                Integer.toString(runs)));
    cmd.addAll(List.of(extra));
    return cmd;
  }

  /** Runs {@code seek.mjs} with its output on this process's; fails when it does. */
  public static void launch(List<String> command) throws Exception {
    int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("seek.mjs exited with " + exit);
    }
  }
}
