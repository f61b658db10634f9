package dev.replaylink.bench.service;

/**
 * When one instance was killed and when its restarted self first answered readiness ({@link
 * System#nanoTime()}; 0 while not yet). A request belongs to the window when its time on the wire
 * overlaps it: requests that ended before the kill are "before", those that started after the
 * restart are "after". Thread-safe.
 */
final class RestartWindow {
  enum Phase {
    BEFORE,
    WINDOW,
    AFTER
  }

  private volatile long killedAt;
  private volatile long readyAt;

  void killed(long nanos) {
    killedAt = nanos;
  }

  void ready(long nanos) {
    readyAt = nanos;
  }

  long killedAt() {
    return killedAt;
  }

  long readyAt() {
    return readyAt;
  }

  /** The phase of a request sent at {@code start} and answered (or failed) at {@code end}. */
  Phase of(long start, long end) {
    long k = killedAt;
    if (k == 0 || end < k) {
      return Phase.BEFORE;
    }
    long r = readyAt;
    return r == 0 || start <= r ? Phase.WINDOW : Phase.AFTER;
  }

  double seconds() {
    return killedAt == 0 || readyAt == 0 ? Double.NaN : (readyAt - killedAt) / 1e9;
  }
}
