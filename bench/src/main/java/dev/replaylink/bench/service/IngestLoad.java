package dev.replaylink.bench.service;

import dev.replaylink.testsupport.ServiceProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingest throughput and latency: gzip batches built from the recorded fixture, many sessions at
 * once, posted to a running replay-service at each concurrency level, each phase followed by the
 * floor at the same level: the same batches through the service's own parsing, privacy filter,
 * indexing and encoding in this process, written with plain JDBC ({@link ServiceFloor}). Then the
 * opaque batches stored with plain JDBC ({@link JdbcBaseline}). Each writes a fresh database of its
 * own. {@code --repeat} runs every level that many times, interleaved, and reports the median and
 * the range.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.replaylink.bench.service.IngestLoad --db both --duration 10s
 * </pre>
 *
 * <p>{@code --store database,s3} compares the recordings stores instead ({@link StoreIngest}): the
 * database store is then the baseline, and the floor and plain JDBC phases do not run.
 */
public final class IngestLoad {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final AtomicInteger FAILURES_SHOWN = new AtomicInteger();

  private IngestLoad() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a =
        BenchArgs.parse(
            args,
            "db",
            "duration",
            "concurrency",
            "max-requests",
            "sessions",
            "jar",
            "fixture",
            "heap",
            "repeat",
            "warmup",
            "store");
    Duration warm = a.duration("warmup", "10s");
    Duration duration = a.duration("duration", "10s");
    List<Integer> levels = a.integers("concurrency", "1,4,16");
    int repeat = a.integer("repeat", 1);
    int maxRequests = a.integer("max-requests", 30_000);
    int sessions = a.integer("sessions", 500);
    Path jar = a.path("jar", BenchService.DEFAULT_JAR);
    RecordingFixture fixture =
        RecordingFixture.load(a.path("fixture", RecordingFixture.DEFAULT_PATH));
    String command = "IngestLoad " + String.join(" ", args);
    if (a.text("store", null) != null) {
      StoreIngest.run(
          a,
          List.of(a.text("store", null).split(",")),
          jar,
          fixture,
          warm,
          duration,
          levels,
          repeat,
          maxRequests,
          sessions,
          command.trim());
      return;
    }
    Figures figures = new Figures("ingest", command.trim());

    for (String kind : a.databases("both")) {
      BenchDatabase db = BenchDatabase.fresh(kind);
      // The floor: the same batches through the service's own parser, privacy filter, indexer and
      // codec
      // in this process, written with plain JDBC into a fresh database of its own. Each floor phase
      // runs
      // right after the service phase of the same level (the service idle meanwhile), so both see
      // the
      // same background load. Its CPU is this process's, which for H2 includes the database, as the
      // service's does.
      BenchDatabase floorDb = BenchDatabase.fresh(kind, "-floor");
      try (Connection c = floorDb.connect()) {
        ServiceSchema.apply(jar, c);
      }
      Runs service = new Runs();
      Runs floor = new Runs();
      IngestBodies bodies;
      IngestBodies warmup;
      try (ServiceProcess svc = BenchService.start(jar, db, a.text("heap", "512m"));
          ServiceFloor work = new ServiceFloor(jar, floorDb);
          KeepAlivePool connections =
              new KeepAlivePool(
                  () -> KeepAliveClient.forIngest(svc.url(), BenchService.INGEST_KEY))) {
        // sentAt: the middle of the run (service and floor phases, after the warm-ups), so that no
        // batch looks skewed to the service.
        long sentAt =
            System.currentTimeMillis()
                + 2 * warm.toMillis()
                + levels.size() * repeat * duration.toMillis();
        System.out.printf(
            "building %,d gzip batches (%d events each, %d sessions side by side)...%n",
            maxRequests, fixture.events().size(), sessions);
        String run = Long.toString(System.currentTimeMillis(), 36);
        bodies = IngestBodies.build(fixture, maxRequests, sessions, "ingest-" + run, sentAt);
        warmup = IngestBodies.build(fixture, 6_000, 50, "warm-" + run, sentAt);
        System.out.printf(
            "batch: %,d bytes JSON, %,d bytes gzip%n", bodies.jsonBytes[0], bodies.gzip[0].length);
        // one keep-alive connection per sender thread, as a browser keeps one per page
        LoadPhase.Sender post =
            i -> {
              byte[] gzip = i >= 0 ? bodies.gzip[i] : warmup.gzip[-1 - i];
              KeepAliveClient.Response r =
                  connections.call(c -> c.postGzipJson("/api/v1/ingest", gzip));
              if (r.status() != 200 && FAILURES_SHOWN.getAndIncrement() < 3) {
                System.err.println("  ingest answered " + r.status() + ": " + r.body());
              }
              return r.status() == 200;
            };
        // The JIT of a framework service on 2 busy cores needs a while; until then the figures
        // measure the interpreter.
        System.out.println(db.label() + ": warming up the service for " + warm.toSeconds() + "s");
        LoadPhase.run("warm-up", 4, warm, warmup, new AtomicInteger(), i -> post.send(-1 - i));
        System.out.println(
            db.label()
                + ": warming up the floor (parse, privacy, index, encode in-process; plain JDBC) for "
                + warm.toSeconds()
                + "s");
        LoadPhase.run(
            "warm-up", 4, warm, warmup, new AtomicInteger(), i -> work.ingest(warmup.gzip[i]));
        AtomicInteger cursor = new AtomicInteger();
        AtomicInteger floorCursor = new AtomicInteger();
        for (int round = 0; round < repeat; round++) {
          for (int c : levels) {
            long cpu0 = svc.cpuNanos();
            long own0 = OS.getProcessCpuTime();
            LoadPhase.Result r =
                LoadPhase.run("service " + kind, c, duration, bodies, cursor, post);
            Row row = new Row(r, svc.cpuNanos() - cpu0, OS.getProcessCpuTime() - own0);
            service.add(c, row);
            print("service", r, row);
            own0 = OS.getProcessCpuTime();
            r =
                LoadPhase.run(
                    "floor " + kind,
                    c,
                    duration,
                    bodies,
                    floorCursor,
                    i -> work.ingest(bodies.gzip[i]));
            row = new Row(r, OS.getProcessCpuTime() - own0, 0);
            floor.add(c, row);
            print("floor", r, row);
          }
        }
      }
      BenchDatabase base = BenchDatabase.fresh(kind);
      try (Connection c = base.connect()) {
        ServiceSchema.apply(jar, c);
      }
      Runs baseline = new Runs();
      try (JdbcBaseline jdbc = new JdbcBaseline(base)) {
        System.out.println(
            db.label()
                + ": JDBC baseline (same batches, one opaque row each, one transaction each)");
        LoadPhase.run(
            "warm-up",
            4,
            Duration.ofSeconds(3),
            warmup,
            new AtomicInteger(),
            i -> jdbc.insert(warmup, i, -1 - i));
        long offset = 0;
        for (int round = 0; round < repeat; round++) {
          for (int c : levels) {
            long at = offset;
            LoadPhase.Result r =
                LoadPhase.run(
                    "jdbc " + kind,
                    c,
                    duration,
                    bodies,
                    new AtomicInteger(),
                    i -> jdbc.insert(bodies, i, at + i));
            offset += bodies.count();
            baseline.add(c, new Row(r, 0, 0));
            System.out.printf(
                "  jdbc c=%d: %,.0f events/s, p50 %.2f ms, p99 %.2f ms%n",
                c,
                r.eventsPerSecond(),
                r.latencies().percentileMs(50),
                r.latencies().percentileMs(99));
          }
        }
      }
      boolean h2 = kind.equals("h2");
      int headlineLevel = levels.contains(4) ? 4 : levels.get(0);
      double share =
          service.median(headlineLevel, Row::eventsPerSecond)
              / floor.median(headlineLevel, Row::eventsPerSecond);
      double cpu =
          service.median(headlineLevel, Row::cpuMsPerMb)
              / floor.median(headlineLevel, Row::cpuMsPerMb);
      figures.headline(
          h2 ? "1a" : "1b",
          "Ingest throughput vs the in-process floor, "
              + db.label()
              + ", concurrency "
              + headlineLevel,
          Figures.f(
              "%,.0f events/s, %.0f%% of the floor's %,.0f; CPU per MB %.1f× the floor's",
              service.median(headlineLevel, Row::eventsPerSecond),
              100 * share,
              floor.median(headlineLevel, Row::eventsPerSecond),
              cpu),
          "≥ 50% of the floor, CPU per MB ≤ 2× the floor's",
          share >= 0.5 && cpu <= 2.0,
          "[Ingest](#1-ingest-throughput-and-latency)");
      String n = repeat > 1 ? Figures.f(" (median of %d, range %s)", repeat, "%s") : "%s";
      for (int c : levels) {
        String at = Figures.f("%s, concurrency %d", db.label(), c);
        figures.row(
            "Ingest — " + at,
            Figures.f("%,.0f events/s", service.median(c, Row::eventsPerSecond))
                + spread(n, service, c, Row::eventsPerSecond, "%,.0f"),
            Figures.f("floor %,.0f events/s", floor.median(c, Row::eventsPerSecond))
                + spread(n, floor, c, Row::eventsPerSecond, "%,.0f")
                + Figures.f(
                    "; plain JDBC of the opaque batch %,.0f",
                    baseline.median(c, Row::eventsPerSecond)),
            Figures.ratio(
                service.median(c, Row::eventsPerSecond), floor.median(c, Row::eventsPerSecond)),
            c == headlineLevel ? "≥ 0.50× the floor" : "");
        figures.row(
            "Ingest latency p50 / p99 — " + at,
            Figures.f("%.1f / %.1f ms", service.median(c, Row::p50), service.median(c, Row::p99)),
            Figures.f("floor %.1f / %.1f ms", floor.median(c, Row::p50), floor.median(c, Row::p99)),
            "",
            "");
        figures.row(
            "Ingest CPU per decompressed MB — " + at,
            Figures.f("service %.0f ms", service.median(c, Row::cpuMsPerMb))
                + spread(n, service, c, Row::cpuMsPerMb, "%.0f")
                + Figures.f("; load generator %.0f ms", service.median(c, Row::ownCpuMsPerMb)),
            Figures.f("floor %.0f ms", floor.median(c, Row::cpuMsPerMb))
                + spread(n, floor, c, Row::cpuMsPerMb, "%.0f"),
            Figures.ratio(service.median(c, Row::cpuMsPerMb), floor.median(c, Row::cpuMsPerMb)),
            c == headlineLevel ? "≤ 2× the floor" : "");
      }
    }
    figures.write();
  }

  private static String spread(
      String pattern,
      Runs runs,
      int level,
      java.util.function.ToDoubleFunction<Row> f,
      String number) {
    if (!pattern.contains("(")) {
      return "";
    }
    double[] v = runs.values(level, f);
    return Figures.f(pattern, Figures.f(number + "–" + number, v[0], v[v.length - 1]));
  }

  /** Results per concurrency level, one per round. */
  private static final class Runs {
    private final java.util.Map<Integer, List<Row>> byLevel = new java.util.TreeMap<>();

    void add(int level, Row row) {
      byLevel.computeIfAbsent(level, k -> new ArrayList<>()).add(row);
    }

    double[] values(int level, java.util.function.ToDoubleFunction<Row> f) {
      return byLevel.get(level).stream().mapToDouble(f).sorted().toArray();
    }

    double median(int level, java.util.function.ToDoubleFunction<Row> f) {
      double[] v = values(level, f);
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
  }

  private static void print(String what, LoadPhase.Result r, Row row) {
    System.out.printf(
        "  %s c=%d: %,d requests (%d errors%s), %,.0f events/s, %.1f MB/s, p50 %.2f ms, p99 %.2f ms, %.0f ms CPU/MB%n",
        what,
        r.concurrency(),
        r.requests(),
        r.errors(),
        r.exhausted() ? ", ran out of batches: raise --max-requests" : "",
        r.eventsPerSecond(),
        r.megabytesPerSecond(),
        r.latencies().percentileMs(50),
        r.latencies().percentileMs(99),
        row.cpuMsPerMb());
  }

  /**
   * One phase: its result, the CPU of the process doing the ingest work, and the load generator's
   * own CPU.
   */
  private record Row(LoadPhase.Result r, long serviceCpuNanos, long ownCpuNanos) {
    double eventsPerSecond() {
      return r.eventsPerSecond();
    }

    double p50() {
      return r.latencies().percentileMs(50);
    }

    double p99() {
      return r.latencies().percentileMs(99);
    }

    double cpuMsPerMb() {
      return serviceCpuNanos / 1e6 / (r.jsonBytes() / 1e6);
    }

    double ownCpuMsPerMb() {
      return ownCpuNanos / 1e6 / (r.jsonBytes() / 1e6);
    }
  }
}
