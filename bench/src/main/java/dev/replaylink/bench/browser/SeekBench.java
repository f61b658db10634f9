package dev.replaylink.bench.browser;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.bench.service.BenchArgs;
import dev.replaylink.bench.service.BenchDatabase;
import dev.replaylink.bench.service.BenchService;
import dev.replaylink.bench.service.RecordingFixture;
import dev.replaylink.bench.service.SeekPage;
import dev.replaylink.bench.service.SessionUpload;
import dev.replaylink.bench.service.StoreSeek;
import dev.replaylink.bench.service.SyntheticSession;
import dev.replaylink.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seek in the replay page: starts replay-service, uploads synthetic sessions of each length in
 * {@code --minutes} (60 and 180 by default; a checkout every 5 minutes), and for each runs
 * bench/browser/seek.mjs in Chromium to open the replay near the end and from the start. The node
 * script prints progress and writes the figures of one length; they are joined into one section.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.replaylink.bench.browser.SeekBench --db h2</pre>
 *
 * <p>{@code --store database,s3} compares the recordings stores through the events API instead
 * ({@link StoreSeek}; no browser).
 */
public final class SeekBench {
  private SeekBench() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a =
        BenchArgs.parse(
            args, "db", "jar", "fixture", "minutes", "node", "runs", "store", "browser");
    if (a.text("store", null) != null) {
      StoreSeek.run(
          a, List.of(a.text("store", null).split(",")), ("SeekBench " + String.join(" ", args)));
      return;
    }
    RecordingFixture fixture =
        RecordingFixture.load(a.path("fixture", RecordingFixture.DEFAULT_PATH));
    BenchDatabase db = BenchDatabase.fresh(a.text("db", "h2"));
    List<String> names = new ArrayList<>();
    try (ServiceProcess svc =
        BenchService.start(a.path("jar", BenchService.DEFAULT_JAR), db, "512m")) {
      for (String m : a.text("minutes", "60,180").split(",")) {
        int minutes = Integer.parseInt(m.trim());
        long start = System.currentTimeMillis() - (minutes + 5) * 60_000L;
        List<List<ObjectNode>> batches =
            SyntheticSession.batches(fixture, start, minutes * 60_000L, 3);
        long end = SyntheticSession.end(batches);
        String sessionId = "seek-" + minutes + "-" + Long.toString(System.currentTimeMillis(), 36);
        System.out.printf(
            "uploading a %d-minute session (%d batches) to %s%n",
            minutes, batches.size(), db.label());
        long accepted =
            new SessionUpload(svc.url()).send(sessionId, sessionId + "-window", batches);
        System.out.printf("stored %,d events; opening the replay page in Chromium%n", accepted);
        String name = "seek-" + minutes;
        SeekPage.launch(
            SeekPage.command(
                a.text("node", "node"),
                svc.url(),
                sessionId,
                start,
                end,
                a.integer("runs", 3),
                "--minutes",
                Integer.toString(minutes),
                "--name",
                name,
                "--command",
                ("SeekBench " + String.join(" ", args)).trim()));
        names.add(name);
      }
    }
    // one section of figures for all session lengths
    Path results = Path.of("bench", "target", "results");
    StringBuilder md = new StringBuilder();
    StringBuilder summary = new StringBuilder();
    for (String name : names) {
      List<String> rows = Files.readAllLines(results.resolve(name + ".md"));
      md.append(String.join("\n", md.length() == 0 ? rows : rows.subList(2, rows.size())))
          .append('\n');
      summary.append(Files.readString(results.resolve(name + ".summary")));
      Files.delete(
          results.resolve(
              name + ".md")); // DocFigures reads every *.summary: keep only the joined ones
      Files.delete(results.resolve(name + ".summary"));
    }
    Files.writeString(results.resolve("seek.md"), md);
    Files.writeString(results.resolve("seek.summary"), summary);
  }
}
