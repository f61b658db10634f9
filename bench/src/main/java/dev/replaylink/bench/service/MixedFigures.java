package dev.replaylink.bench.service;

import dev.replaylink.bench.service.MixedLoad.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of section 9 (load and faults) and its overview rows, from one or more {@link MixedLoad}
 * runs. "Flat" is judged per instance between the run's first minute (for the restarted instance:
 * its first minute after the restart) and its last minute: heap after GC at most 1.2× plus 8 MiB,
 * live threads at most 5 more, PostgreSQL client connections no more than at the start.
 */
final class MixedFigures {
  private static final long MINUTE = 60_000_000_000L;
  private static final double MIB = 1024.0 * 1024;

  private MixedFigures() {}

  static void write(List<Run> runs, String command) throws IOException {
    Figures figures = new Figures("mixed", command.trim());
    long lost = 0;
    long twice = 0;
    long acked = 0;
    long outside5xx = 0;
    boolean flat = true;
    boolean share = true;
    List<String> lostText = new ArrayList<>();
    List<String> rateText = new ArrayList<>();
    List<String> errorText = new ArrayList<>();
    List<String> flatText = new ArrayList<>();
    List<String> p99Text = new ArrayList<>();
    for (Run run : runs) {
      String at = " — run " + run.number();
      BatchAudit.Result audit = run.audit();
      lost += audit.missing();
      twice += audit.duplicated();
      acked += audit.acked();
      double ratio = run.batchesPerSecond() / run.maxBatchesPerSecond();
      share &= ratio >= 0.5;
      figures.row(
          "Mixed run: ingest rate held" + at,
          Figures.f(
              "%.1f batches/s (%,.0f events/s) for %.0f s; load average %s at the start, %s at"
                  + " the end",
              run.batchesPerSecond(),
              run.batchesPerSecond() * run.eventsPerBatch(),
              run.seconds(),
              run.loadBefore(),
              run.loadAfter()),
          Figures.f(
              "maximum %.1f batches/s (closed loop, concurrency 16, both instances)",
              run.maxBatchesPerSecond()),
          Figures.f("%.2f×", ratio),
          "≥ 0.50×");
      rateText.add(Figures.f("run %d %.0f%%", run.number(), 100 * ratio));
      figures.row(
          "Acknowledged ingest batches lost / stored twice" + at,
          Figures.f(
              "%,d lost, %,d stored twice of %,d acknowledged; %,d resends, %,d answered as"
                  + " duplicates; %,d sessions with a wrong event count; %,d refused, %,d given up",
              audit.missing(),
              audit.duplicated(),
              audit.acked(),
              run.ledger().resends.get(),
              run.ledger().duplicates.get(),
              audit.sessionsWithWrongCount(),
              audit.refused(),
              audit.gaveUp()),
          Figures.f("%,d stored but never acknowledged", audit.storedNotAcked()),
          "",
          "0 lost, 0 twice");
      lostText.add(Figures.f("run %d: %,d of %,d", run.number(), audit.missing(), audit.acked()));
      List<OperationStats> ops = operations(run);
      StringBuilder outside = new StringBuilder();
      StringBuilder inside = new StringBuilder();
      long runOutside = 0;
      for (OperationStats op : ops) {
        long o5 = fiveXx(op, RestartWindow.Phase.BEFORE) + fiveXx(op, RestartWindow.Phase.AFTER);
        long oFail =
            op.in(RestartWindow.Phase.BEFORE).failed.get()
                + op.in(RestartWindow.Phase.AFTER).failed.get();
        OperationStats.Counts w = op.in(RestartWindow.Phase.WINDOW);
        runOutside += o5;
        outside.append(
            Figures.f("%s%s %d (no answer %d)", outside.isEmpty() ? "" : ", ", op.name, o5, oFail));
        inside.append(
            Figures.f(
                "%s%s %d (no answer %d)",
                inside.isEmpty() ? "" : ", ", op.name, w.status5xx.get(), w.failed.get()));
      }
      outside5xx += runOutside;
      figures.row(
          "5xx outside the restart window" + at,
          outside.toString(),
          Figures.f(
              "inside the window (%.1f s, kill → first ready answer of the restarted instance):"
                  + " %s",
              run.window().seconds(), inside),
          "",
          "0");
      errorText.add(Figures.f("run %d: %d", run.number(), runOutside));
      StringBuilder p99 = new StringBuilder("run " + run.number() + ": ");
      for (OperationStats op : ops) {
        Latencies before = op.in(RestartWindow.Phase.BEFORE).latencies();
        Latencies after = op.in(RestartWindow.Phase.AFTER).latencies();
        figures.row(
            "Latency p50 / p99 before → after the restart — " + op.name + at,
            Figures.f(
                "before %.1f / %.1f ms (%,d); after %.1f / %.1f ms (%,d)",
                before.percentileMs(50),
                before.percentileMs(99),
                before.size(),
                after.percentileMs(50),
                after.percentileMs(99),
                after.size()),
            "",
            Figures.ratio(after.percentileMs(99), before.percentileMs(99)),
            "");
        p99.append(
            Figures.f(
                "%s%s %.0f → %.0f ms",
                op == ops.get(0) ? "" : ", ",
                op.name,
                before.percentileMs(99),
                after.percentileMs(99)));
      }
      p99Text.add(p99.toString());
      for (String instance : List.of("A", "B")) {
        boolean restarted = instance.equals("B");
        long from = restarted ? run.window().readyAt() : run.startNanos();
        if (from == 0) {
          figures.row("Resources — instance B" + at, "not ready again before the end", "", "", "");
          flat = false;
          continue;
        }
        Window first = new Window(run.resources(), instance, from, from + MINUTE);
        Window last =
            new Window(run.resources(), instance, run.endNanos() - MINUTE, run.endNanos());
        double maxHeap =
            run.resources().max(instance, run.startNanos(), run.endNanos(), s -> s.heapAfterGc());
        boolean heapFlat = last.heapAfterGc <= first.heapAfterGc * 1.2 + 8 * MIB;
        boolean threadsFlat = last.maxThreads <= first.maxThreads + 5;
        flat &= heapFlat && threadsFlat;
        figures.row(
            "Heap after GC, heap used, live threads, pool connections active/total — instance "
                + instance
                + (restarted ? " (killed and restarted)" : " (survivor)")
                + at,
            Figures.f("last minute %s", last),
            Figures.f(
                "%s %s; max heap after GC %.0f MiB",
                restarted ? "first minute after the restart" : "first minute",
                first,
                maxHeap / MIB),
            Figures.ratio(last.heapAfterGc, first.heapAfterGc),
            "flat");
        flatText.add(
            Figures.f(
                "run %d %s heap %s, threads %+.0f",
                run.number(),
                instance,
                Figures.ratio(last.heapAfterGc, first.heapAfterGc),
                last.maxThreads - first.maxThreads));
      }
      ResourceSampler r = run.resources();
      double firstDb = r.databaseConnections(run.startNanos(), run.startNanos() + MINUTE, true);
      double lastDb = r.databaseConnections(run.endNanos() - MINUTE, run.endNanos(), true);
      double maxDb = r.databaseConnections(run.startNanos(), run.endNanos(), true);
      flat &= lastDb <= firstDb;
      figures.row(
          "PostgreSQL client connections to the database (pg_stat_activity), both instances" + at,
          Figures.f("last minute max %.0f; max over the run %.0f", lastDb, maxDb),
          Figures.f("first minute max %.0f", firstDb),
          Figures.ratio(lastDb, firstDb),
          "flat");
      flatText.add(Figures.f("run %d connections %.0f → %.0f", run.number(), firstDb, lastDb));
    }
    String details = "[Load and faults](#9-load-and-faults)";
    String what = "Mixed run, 2 instances on PostgreSQL, one killed and restarted: ";
    figures.headline(
        "9a",
        what + "acknowledged batches lost",
        String.join("; ", lostText) + Figures.f("; %,d stored twice", twice),
        "0",
        lost == 0 && twice == 0 && acked > 0,
        details);
    figures.headline(
        "9b",
        what + "5xx outside the restart window",
        String.join("; ", errorText),
        "0",
        outside5xx == 0,
        details);
    figures.headline(
        "9c",
        what + "heap after GC, threads, database connections (last vs first minute)",
        String.join("; ", flatText),
        "flat",
        flat,
        details);
    figures.headline(
        "9d",
        what + "ingest rate held, share of the measured maximum",
        String.join("; ", rateText),
        "≥ 50%",
        share,
        details);
    figures.headline(
        "9e",
        what + "p99 before → after the restart",
        String.join("; ", p99Text),
        "–",
        null,
        details);
    figures.write();
  }

  private static List<OperationStats> operations(Run run) {
    MixedTraffic t = run.traffic();
    return List.of(t.ingest, t.search, t.replay, t.otlp);
  }

  private static long fiveXx(OperationStats op, RestartWindow.Phase phase) {
    return op.in(phase).status5xx.get();
  }

  /** Means (maxima for threads) of one instance's samples in one minute. */
  private static final class Window {
    final double heapAfterGc;
    final double heapUsed;
    final double maxThreads;
    final double poolActive;
    final double poolTotal;

    Window(ResourceSampler r, String instance, long from, long to) {
      heapAfterGc = r.mean(instance, from, to, s -> s.heapAfterGc());
      heapUsed = r.mean(instance, from, to, s -> s.heapUsed());
      maxThreads = r.max(instance, from, to, s -> s.threads());
      poolActive = r.mean(instance, from, to, s -> s.poolActive());
      poolTotal = r.max(instance, from, to, s -> s.poolTotal());
    }

    @Override
    public String toString() {
      return Figures.f(
          "%.0f MiB after GC, %.0f MiB used, %.0f threads, %.1f/%.0f connections",
          heapAfterGc / MIB, heapUsed / MIB, maxThreads, poolActive, poolTotal);
    }
  }
}
