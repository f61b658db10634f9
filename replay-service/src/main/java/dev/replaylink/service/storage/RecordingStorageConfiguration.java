package dev.replaylink.service.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.Locale;

/**
 * Where recording chunks are kept: {@code replaylink.storage.recordings.*}. {@code database} (the
 * default) keeps them in the database with everything else; {@code s3} keeps their bytes in an
 * S3-compatible bucket and only the chunk index in the database.
 */
@ConfigurationProperties(RecordingStorageConfiguration.PREFIX)
public class RecordingStorageConfiguration {
  public static final String PREFIX = "replaylink.storage.recordings";
  public static final String DEFAULT_TYPE = "database";

  /** The recording store chosen by {@code type}. */
  public enum Type {
    DATABASE,
    S3
  }

  private Type type = Type.DATABASE;
  private final S3 s3;

  public RecordingStorageConfiguration(S3 s3) {
    this.s3 = s3;
  }

  public Type getType() {
    return type;
  }

  public void setType(String type) {
    String t = type == null ? "" : type.trim();
    if (!t.equals("database") && !t.equals("s3")) {
      throw new IllegalArgumentException(
          PREFIX + ".type must be database or s3, got '" + type + "'");
    }
    this.type = Type.valueOf(t.toUpperCase(Locale.ROOT));
  }

  public S3 getS3() {
    return s3;
  }

  /** The bucket of {@code type: s3}: {@code replaylink.storage.recordings.s3.*}. */
  @ConfigurationProperties("s3")
  public static class S3 {
    public static final String PREFIX = RecordingStorageConfiguration.PREFIX + ".s3";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(10);

    private String endpoint = "";
    private String region = DEFAULT_REGION;
    private String bucket = "";
    private String prefix = "";
    private boolean pathStyle;
    private String accessKey = "";
    private String secretKey = "";
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration orphanGrace = DEFAULT_ORPHAN_GRACE;
    private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;

    /** The S3 API URL, e.g. {@code http://minio:9000}; empty = AWS S3 of {@link #getRegion()}. */
    public String getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint == null ? "" : endpoint.trim();
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region == null || region.isBlank() ? DEFAULT_REGION : region.trim();
    }

    /** Required with {@code type: s3}; created at start-up when missing. */
    public String getBucket() {
      return bucket;
    }

    public void setBucket(String bucket) {
      this.bucket = bucket == null ? "" : bucket.trim();
    }

    /** Start of every key, e.g. {@code replays}; empty = keys start with the project. */
    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      String p = prefix == null ? "" : prefix.trim();
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      this.prefix = p;
    }

    /** Path-style URLs ({@code endpoint/bucket/key}), as MinIO and most self-hosted stores need. */
    public boolean isPathStyle() {
      return pathStyle;
    }

    public void setPathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
    }

    /** Empty together with the secret key = the AWS default credentials chain. */
    public String getAccessKey() {
      return accessKey;
    }

    public void setAccessKey(String accessKey) {
      this.accessKey = accessKey == null ? "" : accessKey.trim();
    }

    public String getSecretKey() {
      return secretKey;
    }

    public void setSecretKey(String secretKey) {
      this.secretKey = secretKey == null ? "" : secretKey;
    }

    /** Longest a call to the store may take, retries included; then the request fails with 503. */
    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(PREFIX + ".timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
    }

    /**
     * Objects no chunk points at are deleted once they are older than this: an upload whose
     * metadata was never committed (a crash in between) or whose delete failed. Longer than any
     * upload-to-commit.
     */
    public Duration getOrphanGrace() {
      return orphanGrace;
    }

    public void setOrphanGrace(Duration orphanGrace) {
      if (orphanGrace == null || orphanGrace.isNegative()) {
        throw new IllegalArgumentException(
            PREFIX + ".orphan-grace must not be negative, got " + orphanGrace);
      }
      this.orphanGrace = orphanGrace;
    }

    /**
     * How often each instance retries queued deletes and sweeps a part of the bucket for orphans.
     */
    public Duration getSweepInterval() {
      return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
      if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
        throw new IllegalArgumentException(
            PREFIX + ".sweep-interval must be positive, got " + sweepInterval);
      }
      this.sweepInterval = sweepInterval;
    }
  }
}
