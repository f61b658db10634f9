package dev.replaylink.bench.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@code concurrency} threads that each take the next pre-built body and send it, until the
 * duration is over or the bodies run out (so every run is bounded in time and in requests). Prints
 * a progress line every two seconds.
 */
final class LoadPhase {
  /** Sends body {@code index}; returns false on a failed request. */
  @FunctionalInterface
  interface Sender {
    boolean send(int index) throws Exception;
  }

  record Result(
      String label,
      int concurrency,
      int requests,
      int errors,
      long events,
      long jsonBytes,
      double seconds,
      Latencies latencies,
      boolean exhausted) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double megabytesPerSecond() {
      return jsonBytes / 1e6 / seconds;
    }
  }

  private LoadPhase() {}

  static Result run(
      String label,
      int concurrency,
      Duration duration,
      IngestBodies bodies,
      AtomicInteger cursor,
      Sender sender)
      throws InterruptedException {
    AtomicLong events = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    List<Latencies> perThread = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    for (int t = 0; t < concurrency; t++) {
      Latencies lat = new Latencies();
      perThread.add(lat);
      Thread thread =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline) {
                  int i = cursor.getAndIncrement();
                  if (i >= bodies.count()) {
                    return;
                  }
                  long t0 = System.nanoTime();
                  boolean ok;
                  try {
                    ok = sender.send(i);
                  } catch (Exception e) {
                    ok = false;
                    if (errors.get() < 3) {
                      System.err.println("  request failed: " + e);
                    }
                  }
                  lat.add(System.nanoTime() - t0);
                  done.incrementAndGet();
                  if (ok) {
                    events.addAndGet(bodies.events[i]);
                    bytes.addAndGet(bodies.jsonBytes[i]);
                  } else {
                    errors.incrementAndGet();
                  }
                }
              },
              "load-" + t);
      threads.add(thread);
      thread.start();
    }
    long nextReport = start + 2_000_000_000L;
    while (threads.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(100);
      long now = System.nanoTime();
      if (now >= nextReport) {
        System.out.printf(
            "  [%s c=%d] %5.1fs  %,d requests  %,.0f events/s  %d errors%n",
            label,
            concurrency,
            (now - start) / 1e9,
            done.get(),
            events.get() / ((now - start) / 1e9),
            errors.get());
        nextReport += 2_000_000_000L;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean exhausted = cursor.get() >= bodies.count();
    return new Result(
        label,
        concurrency,
        done.get(),
        errors.get(),
        events.get(),
        bytes.get(),
        seconds,
        Latencies.merge(perThread),
        exhausted);
  }
}
