package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkConfig;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The extension's configuration, validated once at start-up: a malformed value fails with a {@link
 * ConfigurationException} naming its key. Read from the {@code otel.replaylink.*} properties, or
 * from the {@code replaylink} component of a declarative configuration file ({@link Source}).
 * Immutable.
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

  /**
   * Where the values come from; keys are the property names, {@link #name} says what to call them
   * in messages.
   */
  public interface Source {
    String getString(String key);

    Boolean getBoolean(String key);

    /** Milliseconds, or null when not set. */
    Long getMillis(String key);

    String name(String key);
  }

  private ReplaylinkSettings(
      String linkBase,
      String tracesEndpoint,
      String ingestKey,
      boolean exportEnabled,
      long scheduleDelayMillis,
      Sender exportSender) {
    this.linkBase = linkBase;
    this.tracesEndpoint = tracesEndpoint;
    this.ingestKey = ingestKey;
    this.exportEnabled = exportEnabled;
    this.scheduleDelayMillis = scheduleDelayMillis;
    this.exportSender = exportSender;
  }

  public static ReplaylinkSettings from(final ConfigProperties config) {
    return from(
        new Source() {
          @Override
          public String getString(String key) {
            return config.getString(key);
          }

          @Override
          public Boolean getBoolean(String key) {
            return config.getBoolean(key);
          }

          @Override
          public Long getMillis(String key) {
            Duration d = config.getDuration(key);
            return d == null ? null : d.toMillis();
          }

          @Override
          public String name(String key) {
            return key;
          }
        });
  }

  public static ReplaylinkSettings from(Source config) {
    String url = baseUrl(config, ReplaylinkConfig.URL);
    String publicUrl = baseUrl(config, ReplaylinkConfig.PUBLIC_URL);
    String key = blankToNull(config.getString(ReplaylinkConfig.INGEST_KEY));
    Boolean export = config.getBoolean(ReplaylinkConfig.EXPORT_ENABLED);
    boolean exportEnabled = export == null ? url != null && key != null : export;
    if (exportEnabled && (url == null || key == null)) {
      throw new ConfigurationException(
          config.name(ReplaylinkConfig.EXPORT_ENABLED)
              + "=true needs "
              + config.name(ReplaylinkConfig.URL)
              + " and "
              + config.name(ReplaylinkConfig.INGEST_KEY)
              + " to be set");
    }
    Long delay = config.getMillis(BSP_SCHEDULE_DELAY);
    return new ReplaylinkSettings(
        publicUrl != null ? publicUrl : url,
        url == null ? null : url + "/v1/traces",
        key,
        exportEnabled,
        Math.max(10, delay == null ? DEFAULT_SCHEDULE_DELAY_MILLIS : delay),
        sender(config));
  }

  private static Sender sender(Source config) {
    String value = blankToNull(config.getString(ReplaylinkConfig.EXPORT_SENDER));
    if (value == null || value.equalsIgnoreCase("json")) {
      return Sender.JSON;
    }
    if (value.equalsIgnoreCase("otlp")) {
      return Sender.OTLP;
    }
    throw new ConfigurationException(
        config.name(ReplaylinkConfig.EXPORT_SENDER)
            + " must be 'json' or 'otlp', got '"
            + value
            + "'");
  }

  /**
   * Base of replay links ({@code public-url}, else {@code url}) without a trailing slash; null when
   * neither is set.
   */
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

  /** The transport of the export: the built-in JSON sender unless {@code otlp} is configured. */
  public Sender exportSender() {
    return exportSender;
  }

  private static String baseUrl(Source config, String key) {
    String value = blankToNull(config.getString(key));
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new ConfigurationException(
            config.name(key) + " must be an absolute http(s) URL, got '" + value + "'");
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException(
          config.name(key) + " is not a valid URL: '" + value + "'", e);
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
