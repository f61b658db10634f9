package dev.replaylink.otel;

import dev.replaylink.otel.internal.DeclarativeSettings;
import dev.replaylink.otel.internal.ReplayUrlSpanProcessor;
import dev.replaylink.otel.internal.ReplaylinkSettings;
import dev.replaylink.otel.internal.SessionBaggageSpanProcessor;
import dev.replaylink.otel.internal.SessionSpanExport;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code replaylink} span processor of OpenTelemetry's declarative configuration (a YAML file
 * given with {@code otel.config.file}), under which {@link ReplaylinkAutoConfiguration} is never
 * called. Listed under {@code tracer_provider.processors}, it does what the properties set-up does:
 * copies {@code session.id} from baggage, adds the replay links, exports session spans. Its keys
 * are those of the {@code otel.replaylink.*} properties in snake case ({@code url}, {@code
 * public_url}, {@code ingest_key}, {@code export_enabled}, {@code export_sender}, {@code
 * schedule_delay}); a malformed value fails start-up with a message naming it.
 */
public final class ReplaylinkSpanProcessorComponent implements ComponentProvider {
  public ReplaylinkSpanProcessorComponent() {
    DeclarativeSettings.warnIfPropertiesAreIgnored();
  }

  @Override
  public Class<?> getType() {
    return SpanProcessor.class;
  }

  @Override
  public String getName() {
    return ReplaylinkConfig.PROPAGATOR_NAME;
  }

  @Override
  public SpanProcessor create(DeclarativeConfigProperties config) {
    ReplaylinkSettings settings = ReplaylinkSettings.from(DeclarativeSettings.source(config));
    List<SpanProcessor> processors = new ArrayList<>();
    processors.add(SessionBaggageSpanProcessor.create());
    if (settings.linkBase() != null) {
      processors.add(ReplayUrlSpanProcessor.create(settings.linkBase()));
    }
    if (settings.exportEnabled()) {
      processors.add(SessionSpanExport.create(settings));
    }
    return SpanProcessor.composite(processors);
  }
}
