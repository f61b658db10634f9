package dev.replaylink.service.ingest;

import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.storage.RateWindowStore;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest rate limits per ingest key ({@code rate-per-key} requests) and per session
 * ({@code rate-per-session} batches), holding across all instances that share the database.
 *
 * <p>The limit is a number per one-second window (epoch second), counted in {@link RateWindowStore}.
 * An instance does not ask the database for every request: it claims a small chunk of the window's
 * tokens ({@code rate / 20}, between 1 and 10) with one conditional statement and hands them out
 * locally, asking again when they run out. The claims of all instances never add up to more than
 * the limit, so at most {@code rate} requests pass in any window whatever the number of instances; a
 * token claimed and not used by the end of its second is lost, which errs towards refusing. Once the
 * database says a window is used up, this instance refuses the rest of that second without asking
 * again. The session limit uses the same scheme (with a chunk of one token at the default rate):
 * one extra single-row statement per batch, independent of the session row, so a refused batch
 * never touches the session and the check runs before anything is parsed for storage.
 *
 * <p>In front of the shared windows, a per-instance token bucket (the rate, with a burst of twice
 * it) refuses floods without any database work. When the database cannot be reached the shared
 * check is skipped (the batch write would fail anyway) and only the bucket applies.
 *
 * <p>Thread-safe. Requests for the same name wait for each other while tokens are being claimed.
 */
@Singleton
public final class RateLimiter {
  static final int MAX_CHUNK = 10;
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final int MAX_NAMES = 100_000;

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Allotment> allotments = new ConcurrentHashMap<>();
  private final RateWindowStore windows;
  private final LongSupplier clock;
  private final int ratePerKey;
  private final int ratePerSession;
  private volatile long lastFailureLog;

  @Inject
  RateLimiter(IngestConfiguration config, RateWindowStore windows) {
    this(config.getRatePerKey(), config.getRatePerSession(), windows, System::currentTimeMillis);
  }

  RateLimiter(int ratePerKey, int ratePerSession, RateWindowStore windows, LongSupplier clock) {
    this.ratePerKey = ratePerKey;
    this.ratePerSession = ratePerSession;
    this.windows = windows;
    this.clock = clock;
  }

  /** Takes one request from the ingest key's limit; false means the caller must answer 429. */
  public boolean tryAcquireForKey(String project) {
    return tryAcquire("k:" + project, ratePerKey);
  }

  /** Takes one batch from the session's limit; false means the caller must answer 429. */
  public boolean tryAcquireForSession(String project, String sessionId) {
    return tryAcquire("s:" + project + ":" + sessionId, ratePerSession);
  }

  private boolean tryAcquire(String name, int ratePerSecond) {
    if (ratePerSecond <= 0) {
      return true;
    }
    if (buckets.size() > MAX_NAMES) {
      buckets.clear();
    }
    if (!buckets.computeIfAbsent(name, k -> new Bucket(ratePerSecond * 2.0)).take(ratePerSecond, ratePerSecond * 2.0)) {
      return false;
    }
    if (allotments.size() > MAX_NAMES) {
      allotments.clear();
    }
    long window = Math.floorDiv(clock.getAsLong(), 1000L);
    Allotment a = allotments.computeIfAbsent(name, k -> new Allotment());
    synchronized (a) {
      if (a.window != window) {
        a.window = window;
        a.tokens = 0;
        a.usedUp = false;
      }
      if (a.tokens > 0) {
        a.tokens--;
        return true;
      }
      if (a.usedUp) {
        return false;
      }
      int claimed;
      try {
        claimed = windows.claim(name, window, chunk(ratePerSecond), ratePerSecond);
      } catch (StorageException e) {
        logFailure(e);
        return true;
      }
      if (claimed == 0) {
        a.usedUp = true;
        return false;
      }
      a.tokens = claimed - 1;
      return true;
    }
  }

  static int chunk(int ratePerSecond) {
    return Math.max(1, Math.min(MAX_CHUNK, ratePerSecond / 20));
  }

  /** Forgets windows that ended more than a minute ago (all instances sweep; the statement is idempotent). */
  @Scheduled(initialDelay = "30s", fixedDelay = "30s")
  void sweep() {
    if (ratePerKey <= 0 && ratePerSession <= 0) {
      return;
    }
    try {
      windows.sweep(Math.floorDiv(clock.getAsLong(), 1000L) - 60);
      allotments.values().removeIf(a -> a.window < Math.floorDiv(clock.getAsLong(), 1000L) - 60);
    } catch (StorageException e) {
      logFailure(e);
    }
  }

  private void logFailure(StorageException e) {
    long now = System.currentTimeMillis();
    if (now - lastFailureLog > 60_000) {
      lastFailureLog = now;
      LOG.warn("Shared rate limits unavailable; only this instance's limits apply until the database answers", e);
    }
  }

  /** This instance's share of one name's current window. Guarded by its own monitor. */
  private static final class Allotment {
    volatile long window = Long.MIN_VALUE;
    int tokens;
    boolean usedUp;
  }

  private static final class Bucket {
    private double tokens;
    private long last = System.nanoTime();

    Bucket(double initial) {
      tokens = initial;
    }

    synchronized boolean take(double rate, double burst) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
