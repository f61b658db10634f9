package dev.replaylink.otel;

import dev.replaylink.otel.internal.PropertiesCustomizer;
import dev.replaylink.otel.internal.ReplayUrlSpanProcessor;
import dev.replaylink.otel.internal.ReplaylinkSettings;
import dev.replaylink.otel.internal.SessionBaggageSpanProcessor;
import dev.replaylink.otel.internal.SessionSpanExport;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;

/**
 * Entry point, found through {@link java.util.ServiceLoader} by the OpenTelemetry Java agent (as an
 * extension) and by SDK autoconfigure (on the application class path).
 *
 * <ul>
 *   <li>adds {@code session.id} to {@code
 *       otel.java.experimental.span-attributes.copy-from-baggage.include}, so the baggage span
 *       processor bundled with the agent copies it onto spans (SDK mode without that processor on
 *       the class path: an equivalent one of ours is added);
 *   <li>adds the {@code replaylink} header fallback propagator to {@code otel.propagators};
 *   <li>adds {@code session_replay.url} to local roots and error spans when a URL is configured;
 *   <li>exports session spans to replay-service when the URL and ingest key are configured.
 * </ul>
 */
public final class ReplaylinkAutoConfiguration implements AutoConfigurationCustomizerProvider {
  private static final String CONTRIB_BAGGAGE_CUSTOMIZER =
      "io.opentelemetry.contrib.baggage.processor.BaggageProcessorCustomizer";

  @Override
  public void customize(AutoConfigurationCustomizer autoConfiguration) {
    autoConfiguration.addPropertiesCustomizer(PropertiesCustomizer::customize);
    autoConfiguration.addTracerProviderCustomizer(
        ReplaylinkAutoConfiguration::customizeTracerProvider);
  }

  @Override
  public int order() {
    // After other customizers, so that their properties are seen and kept.
    return 100;
  }

  static SdkTracerProviderBuilder customizeTracerProvider(
      SdkTracerProviderBuilder builder, ConfigProperties config) {
    ReplaylinkSettings settings = ReplaylinkSettings.from(config);
    if (!isPresent(CONTRIB_BAGGAGE_CUSTOMIZER)) {
      builder.addSpanProcessorFirst(SessionBaggageSpanProcessor.create());
    }
    if (settings.linkBase() != null) {
      builder.addSpanProcessor(ReplayUrlSpanProcessor.create(settings.linkBase()));
    }
    if (settings.exportEnabled()) {
      builder.addSpanProcessor(SessionSpanExport.create(settings));
    }
    return builder;
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, ReplaylinkAutoConfiguration.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
