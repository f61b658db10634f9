package dev.replaylink.otel.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The extension's only way to warn: at most one warning per minute for the whole process, whatever
 * goes wrong, so an unreachable replay-service cannot flood the application's log. Warnings that
 * were held back are counted in the next one. Thread-safe and non-blocking.
 */
final class RateLimitedLog {
  static final Logger LOGGER = Logger.getLogger("dev.replaylink.otel");
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final AtomicLong nextAllowed = new AtomicLong(System.nanoTime() - 1);
  private static final AtomicLong suppressed = new AtomicLong();

  private RateLimitedLog() {}

  static void warn(String message, Throwable cause) {
    if (acquire()) {
      emit(message, cause);
    }
  }

  /**
   * Takes the one-per-minute slot; false (and one more held-back warning) when it is taken. Lets a
   * caller on a hot path skip building its message. Follow a true with {@link #emit}.
   */
  static boolean acquire() {
    long now = System.nanoTime();
    long next = nextAllowed.get();
    if (now - next < 0 || !nextAllowed.compareAndSet(next, now + INTERVAL_NANOS)) {
      suppressed.incrementAndGet();
      return false;
    }
    return true;
  }

  static void emit(String message, Throwable cause) {
    long held = suppressed.getAndSet(0);
    String text =
        "Replaylink: "
            + message
            + (held > 0 ? " (" + held + " similar warning(s) in the last minute not shown)" : "");
    if (cause == null) {
      LOGGER.warning(text);
    } else {
      LOGGER.log(
          Level.WARNING, text + ": " + cause, cause instanceof RuntimeException ? cause : null);
    }
  }
}
