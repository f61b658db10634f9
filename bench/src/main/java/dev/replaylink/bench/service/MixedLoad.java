package dev.replaylink.bench.service;

import dev.replaylink.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load and faults: two instances on one fresh PostgreSQL database, first driven to their maximum
 * ingest rate (closed loop, both instances), then a mixed run at a fixed share of that rate plus
 * session searches, replay reads and OTLP span exports, all round-robin over the two instances.
 * Part-way through, instance B is killed (SIGKILL) and, after a pause, started again on the same
 * port; ingest batches that get no answer or a 5xx are resent to the other instance. Every 10 s
 * both instances' {@code /prometheus} (metrics token) and {@code pg_stat_activity} are sampled. At
 * the end every acknowledged batch is looked up in the database ({@link BatchAudit}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.replaylink.bench.service.MixedLoad --minutes 10
 * </pre>
 */
public final class MixedLoad {
  static final String METRICS_TOKEN = "bench-metrics-token-0123456789";

  /** What one run measured. */
  record Run(
      int number,
      double maxBatchesPerSecond,
      double batchesPerSecond,
      double askedPerSecond,
      int eventsPerBatch,
      double seconds,
      BatchLedger ledger,
      BatchAudit.Result audit,
      MixedTraffic traffic,
      RestartWindow window,
      ResourceSampler resources,
      long startNanos,
      long endNanos,
      String loadBefore,
      String loadAfter) {}

  private MixedLoad() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a =
        BenchArgs.parse(
            args,
            "minutes",
            "jar",
            "fixture",
            "heap",
            "share",
            "sessions",
            "max-duration",
            "warmup",
            "down",
            "kill-at",
            "repeat",
            "search-rate",
            "replay-rate",
            "otlp-rate");
    Path jar = a.path("jar", BenchService.DEFAULT_JAR);
    RecordingFixture fixture =
        RecordingFixture.load(a.path("fixture", RecordingFixture.DEFAULT_PATH));
    List<Run> runs = new ArrayList<>();
    for (int r = 1; r <= a.integer("repeat", 1); r++) {
      runs.add(runOnce(r, a, jar, fixture));
    }
    MixedFigures.write(runs, "MixedLoad " + String.join(" ", args));
  }

  private static Run runOnce(int number, BenchArgs a, Path jar, RecordingFixture fixture)
      throws Exception {
    Duration length = Duration.ofMinutes(a.integer("minutes", 10));
    String loadBefore = loadAverage();
    BenchDatabase db = BenchDatabase.fresh("pg");
    String heap = a.text("heap", "512m");
    Map<String, String> props = Map.of("replaylink.metrics.token", METRICS_TOKEN);
    ServiceProcess.Builder builderA =
        BenchService.builder(jar, db, heap, props, "mixed-a", ServiceProcess.freePort());
    ServiceProcess.Builder builderB =
        BenchService.builder(jar, db, heap, props, "mixed-b", ServiceProcess.freePort());
    System.out.printf(
        "run %d: starting instances A and B on %s (load %s)%n", number, db.url(), loadBefore);
    // A first: it migrates the fresh database; B then finds it migrated, as a second replica does
    ServiceProcess svcA = builderA.start();
    AtomicReference<ServiceProcess> svcB = new AtomicReference<>(builderB.start());
    String runId = "mixed" + number + Long.toString(System.currentTimeMillis(), 36);
    try (Connection pg = db.connect()) {
      List<String> urls = List.of(svcA.url(), svcB.get().url());
      double max = measureMaximum(a, fixture, urls, runId);
      double rate = max * a.integer("share", 60) / 100.0;
      long nanos = length.toNanos();
      int sessions = a.integer("sessions", 400);
      BatchLedger ledger = new BatchLedger((int) (rate * nanos / 1e9 * 1.05) + 100, sessions);
      RestartWindow window = new RestartWindow();
      MixedTraffic traffic = new MixedTraffic(urls, fixture, runId, ledger, window);
      Map<String, String> instances = new LinkedHashMap<>();
      instances.put("A", urls.get(0));
      instances.put("B", urls.get(1));
      String dbName = db.url().substring(db.url().lastIndexOf('/') + 1);
      ResourceSampler resources =
          new ResourceSampler(instances, METRICS_TOKEN, pg, dbName, Duration.ofSeconds(10));
      System.out.printf(
          "run %d: mixed load for %d min: ingest %.1f batches/s (%d%% of %.1f), search %s/s,"
              + " replay %s/s, OTLP %s exports/s; %d sessions side by side%n",
          number,
          length.toMinutes(),
          rate,
          a.integer("share", 60),
          max,
          a.text("search-rate", "4"),
          a.text("replay-rate", "2"),
          a.text("otlp-rate", "5"),
          sessions);
      resources.start();
      long start = System.nanoTime();
      long end = start + nanos;
      List<Pacer> pacers =
          List.of(
              new Pacer("ingest", rate, 64)
                  .start(
                      end,
                      i -> {
                        if (i < ledger.capacity()) {
                          traffic.sendBatch(i);
                        }
                      }),
              new Pacer("search", Double.parseDouble(a.text("search-rate", "4")), 8)
                  .start(end, traffic::search),
              new Pacer("replay", Double.parseDouble(a.text("replay-rate", "2")), 8)
                  .start(end, traffic::replay),
              new Pacer("otlp", Double.parseDouble(a.text("otlp-rate", "5")), 8)
                  .start(end, traffic::otlp));
      long killAt = start + (long) (nanos * a.integer("kill-at", 40) / 100.0);
      long restartAt = killAt + a.duration("down", "25s").toNanos();
      Thread restarter = null;
      long nextReport = start + 5_000_000_000L;
      while (System.nanoTime() < end) {
        Thread.sleep(200);
        long now = System.nanoTime();
        if (window.killedAt() == 0 && now >= killAt) {
          svcB.get().kill();
          window.killed(System.nanoTime());
          System.out.printf("  %5.1fs  instance B killed (SIGKILL)%n", (now - start) / 1e9);
        }
        if (restarter == null && now >= restartAt) {
          restarter = restart(builderB, svcB, window, start);
        }
        if (now >= nextReport) {
          progress(start, now, ledger, traffic, window);
          nextReport += 5_000_000_000L;
        }
      }
      for (Pacer p : pacers) {
        p.await(MixedTraffic.GIVE_UP.toSeconds() + 30);
      }
      long stop = System.nanoTime();
      resources.stop();
      if (restarter != null) {
        restarter.join();
      }
      int achieved = pacers.get(0).started();
      BatchAudit.Result audit = BatchAudit.check(pg, runId, ledger);
      String loadAfter = loadAverage();
      System.out.printf(
          "run %d: %,d batches acknowledged (%,d resends, %,d answered as duplicates), %,d missing,"
              + " %,d stored twice, %,d sessions with a wrong event count; load %s%n",
          number,
          audit.acked(),
          ledger.resends.get(),
          ledger.duplicates.get(),
          audit.missing(),
          audit.duplicated(),
          audit.sessionsWithWrongCount(),
          loadAfter);
      return new Run(
          number,
          max,
          achieved / (nanos / 1e9),
          rate,
          fixture.events().size(),
          nanos / 1e9,
          ledger,
          audit,
          traffic,
          window,
          resources,
          start,
          stop,
          loadBefore,
          loadAfter);
    } finally {
      svcA.close();
      svcB.get().close();
    }
  }

  /** Closed loop at concurrency 16 against both instances, after a warm-up at 4; batches/s. */
  private static double measureMaximum(
      BenchArgs a, RecordingFixture fixture, List<String> urls, String runId)
      throws InterruptedException {
    Duration warm = a.duration("warmup", "15s");
    Duration measure = a.duration("max-duration", "20s");
    long sentAt = System.currentTimeMillis() + (warm.toMillis() + measure.toMillis()) / 2 + 10_000;
    IngestBodies bodies = IngestBodies.build(fixture, 12_000, 500, runId + "max", sentAt);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    LoadPhase.Sender post = i -> post(client, urls.get(i % urls.size()), bodies.gzip[i]);
    AtomicInteger cursor = new AtomicInteger();
    System.out.println("warming up both instances for " + warm.toSeconds() + " s");
    LoadPhase.run("warm-up", 4, warm, bodies, cursor, post);
    LoadPhase.Result r = LoadPhase.run("maximum", 16, measure, bodies, cursor, post);
    double perSecond = (r.requests() - r.errors()) / r.seconds();
    System.out.printf(
        "maximum: %.1f batches/s (%,.0f events/s), p99 %.0f ms, %d errors%s%n",
        perSecond,
        r.eventsPerSecond(),
        r.latencies().percentileMs(99),
        r.errors(),
        r.exhausted() ? " (ran out of batches: the maximum is higher)" : "");
    return perSecond;
  }

  private static boolean post(HttpClient client, String base, byte[] gzip) throws Exception {
    return client
            .send(IngestBodies.request(base, gzip), HttpResponse.BodyHandlers.discarding())
            .statusCode()
        == 200;
  }

  /** Starts B again on its port; the window closes at its first 200 from readiness. */
  private static Thread restart(
      ServiceProcess.Builder builder,
      AtomicReference<ServiceProcess> svc,
      RestartWindow window,
      long start) {
    Thread t =
        new Thread(
            () -> {
              try {
                System.out.printf(
                    "  %5.1fs  restarting instance B%n", (System.nanoTime() - start) / 1e9);
                svc.set(builder.start());
                while (svc.get().get("/health/readiness", null).statusCode() != 200) {
                  Thread.sleep(100);
                }
                window.ready(System.nanoTime());
                System.out.printf(
                    "  %5.1fs  instance B ready again (%.1f s after the kill)%n",
                    (System.nanoTime() - start) / 1e9, window.seconds());
              } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("  restart of instance B failed: " + e);
              }
            },
            "restart-b");
    t.start();
    return t;
  }

  private static void progress(
      long start, long now, BatchLedger ledger, MixedTraffic traffic, RestartWindow window) {
    List<OperationStats> ops =
        List.of(traffic.ingest, traffic.search, traffic.replay, traffic.otlp);
    long s5 = ops.stream().mapToLong(o -> o.total(c -> c.status5xx)).sum();
    long failed = ops.stream().mapToLong(o -> o.total(c -> c.failed)).sum();
    String b = window.killedAt() == 0 ? "up" : window.readyAt() == 0 ? "down" : "up again";
    System.out.printf(
        "  %5.1fs  ingest %,d acked (%.1f/s), %,d resends | search %,d, replay %,d, OTLP %,d"
            + " | 5xx %d, no answer %d | B %s%n",
        (now - start) / 1e9,
        ledger.acked.get(),
        ledger.acked.get() / ((now - start) / 1e9),
        ledger.resends.get(),
        traffic.search.total(c -> c.ok),
        traffic.replay.total(c -> c.ok),
        traffic.otlp.total(c -> c.ok),
        s5,
        failed,
        b);
  }

  /** {@code uptime}'s three load averages. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
