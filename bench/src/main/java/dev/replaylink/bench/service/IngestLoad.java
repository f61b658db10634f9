package dev.replaylink.bench.service;

import dev.replaylink.testsupport.ServiceProcess;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingest throughput and latency: gzip batches built from the recorded fixture, many sessions at
 * once, posted to a running replay-service at each concurrency level; then the same batches stored
 * with plain JDBC into a fresh copy of the same database ({@link JdbcBaseline}).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.replaylink.bench.service.IngestLoad --db both --duration 10s</pre>
 */
public final class IngestLoad {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final AtomicInteger FAILURES_SHOWN = new AtomicInteger();

  private IngestLoad() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, "db", "duration", "concurrency", "max-requests", "sessions", "jar", "fixture", "heap");
    Duration duration = a.duration("duration", "10s");
    List<Integer> levels = a.integers("concurrency", "1,4,16");
    int maxRequests = a.integer("max-requests", 30_000);
    int sessions = a.integer("sessions", 500);
    Path jar = a.path("jar", BenchService.DEFAULT_JAR);
    RecordingFixture fixture = RecordingFixture.load(a.path("fixture", RecordingFixture.DEFAULT_PATH));
    String command = "IngestLoad " + String.join(" ", args);
    Figures figures = new Figures("ingest", command.trim());

    for (String kind : a.databases("both")) {
      BenchDatabase db = BenchDatabase.fresh(kind);
      List<Row> service = new ArrayList<>();
      IngestBodies bodies;
      IngestBodies warmup;
      try (ServiceProcess svc = BenchService.start(jar, db, a.text("heap", "512m"))) {
        // sentAt: the middle of the service run, so that no batch looks skewed to the service.
        long sentAt = System.currentTimeMillis() + 5_000 + levels.size() * duration.toMillis() / 2;
        System.out.printf("building %,d gzip batches (%d events each, %d sessions side by side)...%n", maxRequests, fixture.events().size(), sessions);
        String run = Long.toString(System.currentTimeMillis(), 36);
        bodies = IngestBodies.build(fixture, maxRequests, sessions, "ingest-" + run, sentAt);
        warmup = IngestBodies.build(fixture, 2_000, 50, "warm-" + run, sentAt);
        System.out.printf("batch: %,d bytes JSON, %,d bytes gzip%n", bodies.jsonBytes[0], bodies.gzip[0].length);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        URI ingest = URI.create(svc.url() + "/api/v1/ingest");
        LoadPhase.Sender post = i -> {
          HttpRequest req = HttpRequest.newBuilder(ingest)
              .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
              .header("X-Replaylink-Key", BenchService.INGEST_KEY)
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(i >= 0 ? bodies.gzip[i] : warmup.gzip[-1 - i])).build();
          HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200 && FAILURES_SHOWN.getAndIncrement() < 3) {
            System.err.println("  ingest answered " + r.statusCode() + ": " + r.body());
          }
          return r.statusCode() == 200;
        };
        System.out.println(db.label() + ": warming up the service for 5s");
        LoadPhase.run("warm-up", 4, Duration.ofSeconds(5), warmup, new AtomicInteger(), i -> post.send(-1 - i));
        AtomicInteger cursor = new AtomicInteger();
        for (int c : levels) {
          long cpu0 = svc.cpuNanos();
          long own0 = OS.getProcessCpuTime();
          LoadPhase.Result r = LoadPhase.run("service " + kind, c, duration, bodies, cursor, post);
          service.add(new Row(r, svc.cpuNanos() - cpu0, OS.getProcessCpuTime() - own0));
          print(r, service.get(service.size() - 1));
        }
      }
      BenchDatabase base = BenchDatabase.fresh(kind);
      try (Connection c = base.connect()) {
        ServiceSchema.apply(jar, c);
      }
      List<LoadPhase.Result> baseline = new ArrayList<>();
      try (JdbcBaseline jdbc = new JdbcBaseline(base)) {
        System.out.println(db.label() + ": JDBC baseline (same batches, one transaction each)");
        LoadPhase.run("warm-up", 4, Duration.ofSeconds(3), warmup, new AtomicInteger(), i -> jdbc.insert(warmup, i, -1 - i));
        for (int level = 0; level < levels.size(); level++) {
          int c = levels.get(level);
          long offset = (long) level * bodies.count();
          LoadPhase.Result r = LoadPhase.run("jdbc " + kind, c, duration, bodies, new AtomicInteger(), i -> jdbc.insert(bodies, i, offset + i));
          baseline.add(r);
          System.out.printf("  jdbc c=%d: %,.0f events/s, p50 %.2f ms, p99 %.2f ms%n", c, r.eventsPerSecond(), r.latencies().percentileMs(50),
              r.latencies().percentileMs(99));
        }
      }
      Row best = service.stream().max(java.util.Comparator.comparingDouble(r -> r.r.eventsPerSecond())).orElseThrow();
      LoadPhase.Result bestBase = baseline.get(service.indexOf(best));
      double share = best.r.eventsPerSecond() / bestBase.eventsPerSecond();
      boolean h2 = kind.equals("h2");
      figures.headline(h2 ? "1a" : "1b", "Ingest throughput, " + db.label() + " (best of concurrency " + levels + ")",
          Figures.f("%,.0f events/s at concurrency %d (%.0f%% of plain JDBC; p99 %.0f ms)", best.r.eventsPerSecond(), best.r.concurrency(),
              100 * share, best.r.latencies().percentileMs(99)),
          h2 ? "≥ 20,000 events/s, ≥ 50% of JDBC" : "alongside H2", h2 ? best.r.eventsPerSecond() >= 20_000 && share >= 0.5 : null,
          "[Ingest](#1-ingest-throughput-and-latency)");
      for (int i = 0; i < levels.size(); i++) {
        Row s = service.get(i);
        LoadPhase.Result b = baseline.get(i);
        String at = Figures.f("%s, concurrency %d", db.label(), s.r.concurrency());
        String target = kind.equals("h2") ? "≥ 20,000 events/s and ≥ 50% of baseline" : "(alongside H2)";
        figures.row("Ingest — " + at, Figures.f("%,.0f events/s (%.1f MB/s)", s.r.eventsPerSecond(), s.r.megabytesPerSecond()),
            Figures.f("%,.0f events/s (%.1f MB/s), plain JDBC", b.eventsPerSecond(), b.megabytesPerSecond()),
            Figures.ratio(s.r.eventsPerSecond(), b.eventsPerSecond()), target);
        figures.row("Ingest latency p50 / p99 — " + at, Figures.f("%.1f / %.1f ms", s.r.latencies().percentileMs(50), s.r.latencies().percentileMs(99)),
            Figures.f("%.1f / %.1f ms", b.latencies().percentileMs(50), b.latencies().percentileMs(99)), "", "");
        figures.row("Ingest CPU per decompressed MB — " + at, Figures.f("service %.0f ms; load generator %.0f ms", s.cpuMsPerMb(), s.ownCpuMsPerMb()),
            "", "", "");
      }
    }
    figures.write();
  }

  private static void print(LoadPhase.Result r, Row row) {
    System.out.printf("  service c=%d: %,d requests (%d errors%s), %,.0f events/s, %.1f MB/s, p50 %.2f ms, p99 %.2f ms, %.0f ms CPU/MB%n",
        r.concurrency(), r.requests(), r.errors(), r.exhausted() ? ", ran out of batches: raise --max-requests" : "", r.eventsPerSecond(),
        r.megabytesPerSecond(), r.latencies().percentileMs(50), r.latencies().percentileMs(99), row.cpuMsPerMb());
  }

  private record Row(LoadPhase.Result r, long serviceCpuNanos, long ownCpuNanos) {
    double cpuMsPerMb() {
      return serviceCpuNanos / 1e6 / (r.jsonBytes() / 1e6);
    }

    double ownCpuMsPerMb() {
      return ownCpuNanos / 1e6 / (r.jsonBytes() / 1e6);
    }
  }
}
