package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Limits applied to every ingest request: {@code replaylink.ingest.*}. */
@ConfigurationProperties(IngestConfiguration.PREFIX)
public class IngestConfiguration {
  public static final String PREFIX = "replaylink.ingest";
  public static final int DEFAULT_MAX_COMPRESSED_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_MAX_EVENTS_PER_BATCH = 5000;
  public static final int DEFAULT_RATE_PER_KEY = 200;
  public static final String DEFAULT_SHARED_RATE_LIMITS = "auto";

  public static final java.time.Duration DEFAULT_CLOCK_SKEW_TOLERANCE =
      java.time.Duration.ofSeconds(60);
  public static final java.time.Duration DEFAULT_MAX_EVENT_AGE = java.time.Duration.ofHours(48);
  public static final int DEFAULT_RATE_PER_SESSION = 20;
  public static final long DEFAULT_MAX_SESSION_BYTES = 100L * 1024 * 1024;
  public static final java.time.Duration DEFAULT_MAX_SESSION_DURATION =
      java.time.Duration.ofHours(24);

  private java.time.Duration clockSkewTolerance = DEFAULT_CLOCK_SKEW_TOLERANCE;
  private java.time.Duration maxEventAge = DEFAULT_MAX_EVENT_AGE;
  private int ratePerSession = DEFAULT_RATE_PER_SESSION;
  private long maxSessionBytes = DEFAULT_MAX_SESSION_BYTES;
  private java.time.Duration maxSessionDuration = DEFAULT_MAX_SESSION_DURATION;
  private int maxCompressedBytes = DEFAULT_MAX_COMPRESSED_BYTES;
  private int maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES;
  private int maxEventsPerBatch = DEFAULT_MAX_EVENTS_PER_BATCH;
  private int ratePerKey = DEFAULT_RATE_PER_KEY;
  private String sharedRateLimits = DEFAULT_SHARED_RATE_LIMITS;

  /** Largest request body as sent on the wire (gzip or not). */
  public int getMaxCompressedBytes() {
    return maxCompressedBytes;
  }

  public void setMaxCompressedBytes(int maxCompressedBytes) {
    this.maxCompressedBytes = positive("max-compressed-bytes", maxCompressedBytes);
  }

  /** Largest body after gzip decompression; decompression stops reading at this size. */
  public int getMaxDecompressedBytes() {
    return maxDecompressedBytes;
  }

  public void setMaxDecompressedBytes(int maxDecompressedBytes) {
    this.maxDecompressedBytes = positive("max-decompressed-bytes", maxDecompressedBytes);
  }

  public int getMaxEventsPerBatch() {
    return maxEventsPerBatch;
  }

  public void setMaxEventsPerBatch(int maxEventsPerBatch) {
    this.maxEventsPerBatch = positive("max-events-per-batch", maxEventsPerBatch);
  }

  /**
   * Requests per second accepted for one ingest key, in total over all instances; 0 disables the
   * limit.
   */
  public int getRatePerKey() {
    return ratePerKey;
  }

  public void setRatePerKey(int ratePerKey) {
    if (ratePerKey < 0) {
      throw new IllegalArgumentException(PREFIX + ".rate-per-key must be >= 0");
    }
    this.ratePerKey = ratePerKey;
  }

  /**
   * Difference between the client's {@code sentAt} and the receive time below which the client's
   * clock is trusted; above it, the batch's timestamps are shifted by the difference.
   */
  public java.time.Duration getClockSkewTolerance() {
    return clockSkewTolerance;
  }

  public void setClockSkewTolerance(java.time.Duration clockSkewTolerance) {
    this.clockSkewTolerance = clockSkewTolerance;
  }

  /**
   * Events older than this (after skew correction) are refused; newer than the tolerance in the
   * future too.
   */
  public java.time.Duration getMaxEventAge() {
    return maxEventAge;
  }

  public void setMaxEventAge(java.time.Duration maxEventAge) {
    this.maxEventAge = maxEventAge;
  }

  /**
   * Batches per second accepted for one session, in total over all instances; 0 disables the limit.
   */
  public int getRatePerSession() {
    return ratePerSession;
  }

  public void setRatePerSession(int ratePerSession) {
    if (ratePerSession < 0) {
      throw new IllegalArgumentException(PREFIX + ".rate-per-session must be >= 0");
    }
    this.ratePerSession = ratePerSession;
  }

  /**
   * Whether the rate limits are counted in the database, across the instances that share it: {@code
   * auto} (on PostgreSQL, not on H2), {@code true} (several instances on one H2 server), or {@code
   * false} (one instance: its own buckets only, no database work per request).
   */
  public String getSharedRateLimits() {
    return sharedRateLimits;
  }

  public void setSharedRateLimits(String sharedRateLimits) {
    String v =
        sharedRateLimits == null
            ? DEFAULT_SHARED_RATE_LIMITS
            : sharedRateLimits.trim().toLowerCase(java.util.Locale.ROOT);
    if (!v.equals("auto") && !v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(
          PREFIX + ".shared-rate-limits must be auto, true or false, got: " + sharedRateLimits);
    }
    this.sharedRateLimits = v;
  }

  /** {@link #getSharedRateLimits()} resolved for the database at that JDBC URL. */
  public boolean sharedRateLimits(String jdbcUrl) {
    return switch (sharedRateLimits) {
      case "true" -> true;
      case "false" -> false;
      default -> jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
    };
  }

  /**
   * Compressed bytes stored for one session at most; later batches are refused and a marker says
   * so.
   */
  public long getMaxSessionBytes() {
    return maxSessionBytes;
  }

  public void setMaxSessionBytes(long maxSessionBytes) {
    this.maxSessionBytes = maxSessionBytes;
  }

  /** Longest session (first to last event); later events are refused and a marker says so. */
  public java.time.Duration getMaxSessionDuration() {
    return maxSessionDuration;
  }

  public void setMaxSessionDuration(java.time.Duration maxSessionDuration) {
    this.maxSessionDuration = maxSessionDuration;
  }

  private static int positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(PREFIX + "." + key + " must be > 0, got " + value);
    }
    return value;
  }
}
