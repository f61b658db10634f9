package dev.replaylink.service.ingest;

import dev.replaylink.service.config.IngestConfiguration;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key: {@code rate-per-key} requests per second with a burst of twice that.
 * Per instance; with N instances the effective limit is N times higher.
 */
@Singleton
public final class RateLimiter {
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final int ratePerSecond;

  RateLimiter(IngestConfiguration config) {
    this.ratePerSecond = config.getRatePerKey();
  }

  /** Takes one request from the key's bucket; false means the caller must answer 429. */
  public boolean tryAcquire(String key) {
    if (ratePerSecond <= 0) {
      return true;
    }
    if (buckets.size() > 100_000) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(ratePerSecond * 2.0)).take(ratePerSecond, ratePerSecond * 2.0);
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
