package dev.replaylink.bench.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Starts task 0, 1, 2, ... at a fixed rate (open loop: a slow answer does not delay the next
 * start), each on a thread of its own, at most {@code maxInFlight} at once; when that many are
 * still running the next start waits, so the rate achieved can fall below the rate asked for
 * ({@link #started()} tells). Stops starting at the deadline; {@link #await} waits for the tasks
 * still running.
 */
final class Pacer {
  private final String name;
  private final double perSecond;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final ExecutorService pool;
  private final AtomicInteger started = new AtomicInteger();
  private Thread thread;

  Pacer(String name, double perSecond, int maxInFlight) {
    this.name = name;
    this.perSecond = perSecond;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.pool = Executors.newFixedThreadPool(maxInFlight, r -> daemon(r, name + "-worker"));
  }

  /** Starts tasks from now until {@code deadlineNanos} ({@link System#nanoTime()}). */
  Pacer start(long deadlineNanos, IntConsumer task) {
    thread =
        daemon(
            () -> {
              long t0 = System.nanoTime();
              long intervalNanos = (long) (1e9 / perSecond);
              for (int k = 0; ; k++) {
                long at = t0 + k * intervalNanos;
                if (at >= deadlineNanos) {
                  return;
                }
                try {
                  long wait = at - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  inFlight.acquire();
                } catch (InterruptedException e) {
                  return;
                }
                int index = k;
                started.incrementAndGet();
                pool.execute(
                    () -> {
                      try {
                        task.accept(index);
                      } catch (RuntimeException e) {
                        System.err.println("  " + name + " task " + index + " failed: " + e);
                      } finally {
                        inFlight.release();
                      }
                    });
              }
            },
            name + "-pacer");
    thread.start();
    return this;
  }

  int started() {
    return started.get();
  }

  /** Waits for the last start and then for the running tasks, at most {@code timeoutSeconds}. */
  void await(long timeoutSeconds) throws InterruptedException {
    thread.join();
    if (inFlight.tryAcquire(maxInFlight, timeoutSeconds, TimeUnit.SECONDS)) {
      inFlight.release(maxInFlight);
    } else {
      System.err.println("  " + name + ": tasks still running after " + timeoutSeconds + " s");
    }
    pool.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
