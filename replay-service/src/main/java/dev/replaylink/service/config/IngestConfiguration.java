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

  private int maxCompressedBytes = DEFAULT_MAX_COMPRESSED_BYTES;
  private int maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES;
  private int maxEventsPerBatch = DEFAULT_MAX_EVENTS_PER_BATCH;
  private int ratePerKey = DEFAULT_RATE_PER_KEY;

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

  /** Requests per second accepted for one ingest key (per instance); 0 disables the limit. */
  public int getRatePerKey() {
    return ratePerKey;
  }

  public void setRatePerKey(int ratePerKey) {
    if (ratePerKey < 0) {
      throw new IllegalArgumentException(PREFIX + ".rate-per-key must be >= 0");
    }
    this.ratePerKey = ratePerKey;
  }

  private static int positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(PREFIX + "." + key + " must be > 0, got " + value);
    }
    return value;
  }
}
