package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkConfig;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The extension's configuration, validated once at start-up: a malformed value fails with a
 * {@link ConfigurationException} naming its key. Immutable.
 */
public final class ReplaylinkSettings {
  static final String BSP_SCHEDULE_DELAY = "otel.bsp.schedule.delay";
  static final long DEFAULT_SCHEDULE_DELAY_MILLIS = 5000;

  private final String linkBase;
  private final String tracesEndpoint;
  private final String ingestKey;
  private final boolean exportEnabled;
  private final long scheduleDelayMillis;
  private final Sender exportSender;

  /** Values of {@link ReplaylinkConfig#EXPORT_SENDER}. */
  public enum Sender {
    JSON,
    OTLP
  }

  private ReplaylinkSettings(String linkBase, String tracesEndpoint, String ingestKey, boolean exportEnabled,
      long scheduleDelayMillis, Sender exportSender) {
    this.exportSender = exportSender;
    this.linkBase = linkBase;
    this.tracesEndpoint = tracesEndpoint;
    this.ingestKey = ingestKey;
    this.exportEnabled = exportEnabled;
    this.scheduleDelayMillis = scheduleDelayMillis;
  }

  public static ReplaylinkSettings from(ConfigProperties config) {
    String url = baseUrl(config, ReplaylinkConfig.URL);
    String publicUrl = baseUrl(config, ReplaylinkConfig.PUBLIC_URL);
    String key = blankToNull(config.getString(ReplaylinkConfig.INGEST_KEY));
    Boolean export = config.getBoolean(ReplaylinkConfig.EXPORT_ENABLED);
    boolean exportEnabled = export == null ? url != null && key != null : export;
    if (exportEnabled && (url == null || key == null)) {
      throw new ConfigurationException(ReplaylinkConfig.EXPORT_ENABLED + "=true needs " + ReplaylinkConfig.URL
          + " and " + ReplaylinkConfig.INGEST_KEY + " to be set");
    }
    Duration delay = config.getDuration(BSP_SCHEDULE_DELAY, Duration.ofMillis(DEFAULT_SCHEDULE_DELAY_MILLIS));
    return new ReplaylinkSettings(publicUrl != null ? publicUrl : url, url == null ? null : url + "/v1/traces", key,
        exportEnabled, Math.max(10, delay.toMillis()), sender(config));
  }

  private static Sender sender(ConfigProperties config) {
    String value = blankToNull(config.getString(ReplaylinkConfig.EXPORT_SENDER));
    if (value == null || value.equalsIgnoreCase("json")) {
      return Sender.JSON;
    }
    if (value.equalsIgnoreCase("otlp")) {
      return Sender.OTLP;
    }
    throw new ConfigurationException(ReplaylinkConfig.EXPORT_SENDER + " must be 'json' or 'otlp', got '" + value + "'");
  }

  /** The transport of the export: the built-in JSON sender unless {@code otlp} is configured. */
  public Sender exportSender() {
    return exportSender;
  }

  /** Base of replay links ({@code public-url}, else {@code url}) without a trailing slash; null when neither is set. */
  public String linkBase() {
    return linkBase;
  }

  /** {@code <url>/v1/traces}, or null without a URL. */
  public String tracesEndpoint() {
    return tracesEndpoint;
  }

  public String ingestKey() {
    return ingestKey;
  }

  public boolean exportEnabled() {
    return exportEnabled;
  }

  /** Delay between exports to replay-service; the same as the SDK's batch span processor. */
  public long scheduleDelayMillis() {
    return scheduleDelayMillis;
  }

  private static String baseUrl(ConfigProperties config, String key) {
    String value = blankToNull(config.getString(key));
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new ConfigurationException(key + " must be an absolute http(s) URL, got '" + value + "'");
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException(key + " is not a valid URL: '" + value + "'", e);
    }
    while (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    return value;
  }

  private static String blankToNull(String value) {
    return value == null || value.trim().isEmpty() ? null : value.trim();
  }
}
