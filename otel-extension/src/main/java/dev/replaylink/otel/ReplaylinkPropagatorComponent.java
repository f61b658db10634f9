package dev.replaylink.otel;

import dev.replaylink.otel.internal.DeclarativeSettings;
import dev.replaylink.otel.internal.SessionHeaderPropagator;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;

/**
 * The {@code replaylink} propagator of declarative configuration (the header fallback), to list
 * after {@code baggage} under {@code propagator.composite}; its one key is {@code session_header}.
 */
public final class ReplaylinkPropagatorComponent implements ComponentProvider {
  @Override
  public Class<?> getType() {
    return TextMapPropagator.class;
  }

  @Override
  public String getName() {
    return ReplaylinkConfig.PROPAGATOR_NAME;
  }

  @Override
  public TextMapPropagator create(DeclarativeConfigProperties config) {
    String header = config.getString(DeclarativeSettings.yamlName(ReplaylinkConfig.SESSION_HEADER));
    return SessionHeaderPropagator.create(
        header == null || header.trim().isEmpty()
            ? ReplaylinkConfig.DEFAULT_SESSION_HEADER
            : header);
  }
}
