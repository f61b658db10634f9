package dev.replaylink.service.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaylink.service.model.StoredSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A browser client span from the span store as the OpenTelemetry SDK's exporter takes it.
 * Immutable.
 */
final class ForwardedSpan implements SpanData {
  static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder("dev.replaylink.browser").build();

  private final StoredSpan span;
  private final Attributes attributes;
  private final Resource resource;

  ForwardedSpan(StoredSpan span, Resource resource, ObjectMapper mapper) {
    this.span = span;
    this.resource = resource;
    this.attributes = attributes(span.attributesJson(), mapper);
  }

  private static Attributes attributes(String json, ObjectMapper mapper) {
    AttributesBuilder b = Attributes.builder();
    try {
      Iterator<Map.Entry<String, JsonNode>> it = mapper.readTree(json).fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode v = f.getValue();
        if (v.isIntegralNumber()) {
          b.put(AttributeKey.longKey(f.getKey()), v.asLong());
        } else if (v.isNumber()) {
          b.put(AttributeKey.doubleKey(f.getKey()), v.asDouble());
        } else if (v.isBoolean()) {
          b.put(AttributeKey.booleanKey(f.getKey()), v.asBoolean());
        } else if (!v.isNull()) {
          b.put(AttributeKey.stringKey(f.getKey()), v.asText());
        }
      }
    } catch (java.io.IOException e) {
      // the store wrote this JSON: nothing to export then
    }
    return b.build();
  }

  @Override
  public String getName() {
    return span.name();
  }

  @Override
  public SpanKind getKind() {
    return SpanKind.CLIENT;
  }

  @Override
  public SpanContext getSpanContext() {
    return SpanContext.create(
        span.traceId(), span.spanId(), TraceFlags.getSampled(), TraceState.getDefault());
  }

  @Override
  public SpanContext getParentSpanContext() {
    return SpanContext.getInvalid();
  }

  @Override
  public StatusData getStatus() {
    return "ERROR".equals(span.status())
        ? StatusData.create(
            StatusCode.ERROR, span.statusMessage() == null ? "" : span.statusMessage())
        : StatusData.unset();
  }

  @Override
  public long getStartEpochNanos() {
    return span.startNanos();
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return List.of();
  }

  @Override
  public List<LinkData> getLinks() {
    return List.of();
  }

  @Override
  public long getEndEpochNanos() {
    return span.startNanos() + span.durationNanos();
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public int getTotalRecordedEvents() {
    return 0;
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return InstrumentationLibraryInfo.create(SCOPE.getName(), null);
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return SCOPE;
  }

  @Override
  public Resource getResource() {
    return resource;
  }
}
