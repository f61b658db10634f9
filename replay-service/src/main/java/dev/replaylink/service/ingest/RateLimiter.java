package dev.replaylink.service.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.storage.RateWindowStore;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest rate limits per ingest key ({@code rate-per-key} requests) and per session ({@code
 * rate-per-session} batches), holding across all instances that share the database.
 *
 * <p>The limit is a number per one-second window (epoch second), counted in {@link
 * RateWindowStore}. An instance does not ask the database for every request: it claims a small
 * chunk of the window's tokens ({@code rate / 20}, between 1 and 10) with one conditional statement
 * and hands them out locally, asking again when they run out. The claims of all instances never add
 * up to more than the limit, so at most {@code rate} requests pass in any window whatever the
 * number of instances; a token claimed and not used by the end of its second is lost, which errs
 * towards refusing. Once the database says a window is used up, this instance refuses the rest of
 * that second without asking again. The session limit uses the same scheme (with a chunk of one
 * token at the default rate): one extra single-row statement per batch, independent of the session
 * row, so a refused batch never touches the session and the check runs before anything is parsed
 * for storage.
 *
 * <p>In front of the shared windows, a per-instance token bucket (the rate, with a burst of twice
 * it) refuses floods without any database work. When the database cannot be reached the shared
 * check is skipped (the batch write would fail anyway) and only the bucket applies. The shared
 * windows are used only where instances share the database ({@code
 * replaylink.ingest.shared-rate-limits}: on PostgreSQL, or when configured); a lone instance on H2
 * keeps to its buckets and does no database work for the limits at all.
 *
 * <p>Session buckets and allotments live in bounded caches ({@link #MAX_NAMES} names each, least
 * used evicted first, idle ones expire after a minute), apart from the ingest keys' buckets, so a
 * flood of session IDs neither grows memory nor resets the key limits.
 *
 * <p>Thread-safe. Requests for the same name wait for each other while tokens are being claimed.
 */
@Singleton
public final class RateLimiter {
  static final int MAX_CHUNK = 10;
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  static final int MAX_NAMES = 100_000;

  private final Cache<String, Bucket> keyBuckets;
  private final Cache<String, Bucket> sessionBuckets;
  private final Cache<String, Allotment> allotments;
  private final RateWindowStore windows;
  private final boolean shared;
  private final LongSupplier clock;
  private final int ratePerKey;
  private final int ratePerSession;
  private volatile long lastFailureLog;

  @Inject
  RateLimiter(
      IngestConfiguration config,
      RateWindowStore windows,
      @Value("${datasources.default.url:}") String jdbcUrl) {
    this(
        config.getRatePerKey(),
        config.getRatePerSession(),
        windows,
        System::currentTimeMillis,
        config.sharedRateLimits(jdbcUrl),
        MAX_NAMES);
    LOG.info(
        "Ingest rate limits: {}",
        shared
            ? "shared by the instances on this database"
            : "this instance's own (no shared database)");
  }

  /** Shared windows, as on PostgreSQL. */
  RateLimiter(int ratePerKey, int ratePerSession, RateWindowStore windows, LongSupplier clock) {
    this(ratePerKey, ratePerSession, windows, clock, true, MAX_NAMES);
  }

  RateLimiter(
      int ratePerKey,
      int ratePerSession,
      RateWindowStore windows,
      LongSupplier clock,
      boolean shared,
      int maxNames) {
    this.shared = shared;
    // ingest keys are the configured projects' (few); sessions are as many as browsers send
    this.keyBuckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(1)).build();
    this.sessionBuckets =
        Caffeine.newBuilder()
            .maximumSize(maxNames)
            .expireAfterAccess(Duration.ofMinutes(1))
            .build();
    this.allotments =
        Caffeine.newBuilder()
            .maximumSize(maxNames)
            .expireAfterAccess(Duration.ofMinutes(1))
            .build();
    this.ratePerKey = ratePerKey;
    this.ratePerSession = ratePerSession;
    this.windows = windows;
    this.clock = clock;
  }

  /** Takes one request from the ingest key's limit; false means the caller must answer 429. */
  public boolean tryAcquireForKey(String project) {
    return tryAcquire(keyBuckets, "k:" + project, ratePerKey);
  }

  /** Takes one batch from the session's limit; false means the caller must answer 429. */
  public boolean tryAcquireForSession(String project, String sessionId) {
    return tryAcquire(sessionBuckets, "s:" + project + ":" + sessionId, ratePerSession);
  }

  private boolean tryAcquire(Cache<String, Bucket> buckets, String name, int ratePerSecond) {
    if (ratePerSecond <= 0) {
      return true;
    }
    if (!buckets
        .get(name, k -> new Bucket(ratePerSecond * 2.0, clock.getAsLong()))
        .take(ratePerSecond, ratePerSecond * 2.0, clock.getAsLong())) {
      return false;
    }
    if (!shared) {
      return true;
    }
    long window = Math.floorDiv(clock.getAsLong(), 1000L);
    Allotment a = allotments.get(name, k -> new Allotment());
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

  /**
   * Forgets windows that ended more than a minute ago (all instances sweep; the statement is
   * idempotent).
   */
  @Scheduled(initialDelay = "30s", fixedDelay = "30s")
  void sweep() {
    if (!shared || (ratePerKey <= 0 && ratePerSession <= 0)) {
      return;
    }
    try {
      windows.sweep(Math.floorDiv(clock.getAsLong(), 1000L) - 60);
    } catch (StorageException e) {
      logFailure(e);
    }
  }

  /** Names held in the local caches (approximate; for tests of the bound). */
  long localNames() {
    sessionBuckets.cleanUp();
    allotments.cleanUp();
    return sessionBuckets.estimatedSize() + allotments.estimatedSize();
  }

  private void logFailure(StorageException e) {
    long now = System.currentTimeMillis();
    if (now - lastFailureLog > 60_000) {
      lastFailureLog = now;
      LOG.warn(
          "Shared rate limits unavailable; only this instance's limits apply until the database answers",
          e);
    }
  }

  /** This instance's share of one name's current window. Guarded by its own monitor. */
  private static final class Allotment {
    volatile long window = Long.MIN_VALUE;
    int tokens;
    boolean usedUp;
  }

  /** Refills at the rate on the limiter's clock (epoch ms). */
  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double initial, long now) {
      tokens = initial;
      last = now;
    }

    synchronized boolean take(double rate, double burst, long now) {
      tokens = Math.min(burst, tokens + Math.max(0, now - last) / 1000.0 * rate);
      last = Math.max(last, now);
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
