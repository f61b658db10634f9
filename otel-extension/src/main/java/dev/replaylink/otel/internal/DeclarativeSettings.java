package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkConfig;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import java.util.Locale;
import java.util.logging.Level;

/** The extension's settings as keys of its component in a declarative configuration file. */
public final class DeclarativeSettings {
  private static final String PREFIX = "otel.replaylink.";

  private DeclarativeSettings() {}

  /**
   * {@code otel.replaylink.public-url} → {@code public_url}; {@code otel.bsp.schedule.delay} →
   * {@code schedule_delay}.
   */
  public static String yamlName(String property) {
    String name =
        property.startsWith(PREFIX)
            ? property.substring(PREFIX.length())
            : property.equals(ReplaylinkSettings.BSP_SCHEDULE_DELAY) ? "schedule_delay" : property;
    return name.replace('-', '_').replace('.', '_');
  }

  public static ReplaylinkSettings.Source source(final DeclarativeConfigProperties config) {
    return new ReplaylinkSettings.Source() {
      @Override
      public String getString(String key) {
        return config.getString(yamlName(key));
      }

      @Override
      public Boolean getBoolean(String key) {
        return config.getBoolean(yamlName(key));
      }

      @Override
      public Long getMillis(String key) {
        return config.getLong(yamlName(key));
      }

      @Override
      public String name(String key) {
        return "tracer_provider.processors.replaylink." + yamlName(key);
      }
    };
  }

  /**
   * Declarative configuration ignores the {@code otel.replaylink.*} properties: say so, loudly and
   * once, when they are set next to a configuration file, instead of silently linking nothing.
   */
  public static void warnIfPropertiesAreIgnored() {
    if (isSet("otel.config.file") && isSet(ReplaylinkConfig.URL)) {
      RateLimitedLog.LOGGER.log(
          Level.SEVERE,
          "Replaylink: "
              + ReplaylinkConfig.URL
              + " is ignored because a declarative"
              + " configuration file is in use (otel.config.file); configure the 'replaylink' span processor and propagator"
              + " in that file instead (see the extension's documentation).");
    }
  }

  private static boolean isSet(String property) {
    String env = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    String value = System.getProperty(property, System.getenv(env));
    return value != null && !value.trim().isEmpty();
  }
}
