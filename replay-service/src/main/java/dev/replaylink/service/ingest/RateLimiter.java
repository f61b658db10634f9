package dev.replaylink.service.ingest;

import dev.replaylink.service.config.IngestConfiguration;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (ingest key, session): a rate per second with a burst of twice that.
 * Per instance; with N instances behind a load balancer the effective limit is up to N times higher.
 */
@Singleton
public final class RateLimiter {
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final int ratePerKey;
  private final int ratePerSession;

  RateLimiter(IngestConfiguration config) {
    this.ratePerKey = config.getRatePerKey();
    this.ratePerSession = config.getRatePerSession();
  }

  /** Takes one request from the ingest key's bucket; false means the caller must answer 429. */
  public boolean tryAcquireForKey(String project) {
    return tryAcquire("k:" + project, ratePerKey);
  }

  /** Takes one batch from the session's bucket; false means the caller must answer 429. */
  public boolean tryAcquireForSession(String project, String sessionId) {
    return tryAcquire("s:" + project + ":" + sessionId, ratePerSession);
  }

  private boolean tryAcquire(String key, int ratePerSecond) {
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
