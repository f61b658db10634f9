package dev.replaylink.otel;

import dev.replaylink.otel.internal.SessionHeaderPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;

/**
 * {@code otel.propagators} entry {@value ReplaylinkConfig#PROPAGATOR_NAME}: reads the session from
 * the {@code otel.replaylink.session-header} request header when the request has no {@code
 * session.id} baggage. Appended to the propagators automatically; list it yourself only to control
 * its position (it must come after {@code baggage}).
 */
public final class ReplaylinkPropagatorProvider implements ConfigurablePropagatorProvider {
  @Override
  public TextMapPropagator getPropagator(ConfigProperties config) {
    return SessionHeaderPropagator.create(
        config.getString(ReplaylinkConfig.SESSION_HEADER, ReplaylinkConfig.DEFAULT_SESSION_HEADER));
  }

  @Override
  public String getName() {
    return ReplaylinkConfig.PROPAGATOR_NAME;
  }
}
