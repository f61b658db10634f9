package dev.replaylink.service.audit;

import io.micronaut.context.annotation.ConfigurationProperties;

/** The access audit: {@code replaylink.audit.*}. */
@ConfigurationProperties(AuditConfiguration.PREFIX)
public class AuditConfiguration {
  public static final String PREFIX = "replaylink.audit";
  public static final int DEFAULT_RETENTION_DAYS = 365;

  private int retentionDays = DEFAULT_RETENTION_DAYS;

  /** Days an audit entry is kept, whatever happens to the recording it names. */
  public int getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(int retentionDays) {
    if (retentionDays < 1) {
      throw new IllegalArgumentException(
          PREFIX + ".retention-days must be >= 1, got: " + retentionDays);
    }
    this.retentionDays = retentionDays;
  }
}
