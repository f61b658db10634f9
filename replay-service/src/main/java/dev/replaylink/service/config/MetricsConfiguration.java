package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Who may scrape {@code /prometheus} besides admins, and how fresh the storage gauges are: {@code
 * replaylink.metrics.*}.
 */
@ConfigurationProperties(MetricsConfiguration.PREFIX)
public class MetricsConfiguration {
  public static final String PREFIX = "replaylink.metrics";
  public static final Duration DEFAULT_STORAGE_REFRESH = Duration.ofMinutes(1);
  static final int MIN_TOKEN_LENGTH = 16;

  private String token = "";
  private Duration storageRefresh = DEFAULT_STORAGE_REFRESH;

  /**
   * Bearer token that reads {@code /prometheus} and nothing else; empty = only admin tokens can.
   */
  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    String t = token == null ? "" : token.trim();
    if (!t.isEmpty() && t.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          PREFIX + ".token must be at least " + MIN_TOKEN_LENGTH + " characters");
    }
    this.token = t;
  }

  /**
   * How often {@code replaylink.storage.bytes} and {@code replaylink.compaction.backlog} are
   * measured (two aggregate queries).
   */
  public Duration getStorageRefresh() {
    return storageRefresh;
  }

  public void setStorageRefresh(Duration storageRefresh) {
    if (storageRefresh == null || storageRefresh.isNegative() || storageRefresh.isZero()) {
      throw new IllegalArgumentException(
          PREFIX + ".storage-refresh must be a positive duration, got " + storageRefresh);
    }
    this.storageRefresh = storageRefresh;
  }
}
