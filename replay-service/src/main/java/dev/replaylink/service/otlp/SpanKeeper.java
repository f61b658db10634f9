package dev.replaylink.service.otlp;

import dev.replaylink.service.config.TracesConfiguration;
import dev.replaylink.service.index.SecretMasking;
import dev.replaylink.service.index.TraceIds;
import dev.replaylink.service.model.SessionSpans;
import dev.replaylink.service.model.StoredSpan;
import dev.replaylink.service.storage.SpanStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the spans of an OTLP export whose trace is linked to a session of the project (by a span of
 * it carrying {@code session.id}, or by a recorded browser request), for the replay page's trace
 * view; spans of other traces are not kept. Call it after the export's trace links are stored.
 * Blocks on storage; thread-safe.
 */
@Singleton
final class SpanKeeper {
  private static final Pattern SPAN_ID = Pattern.compile("^(?!0{16})[0-9a-f]{16}$");
  static final String UNKNOWN_SERVICE = "unknown_service";

  private final SpanStore store;
  private final SpanRecords records;
  private final SpanStore.Limits limits;

  SpanKeeper(SpanStore store, SecretMasking masking, TracesConfiguration config) {
    this.store = store;
    this.records = new SpanRecords(masking);
    this.limits =
        new SpanStore.Limits(config.getMaxSpansPerTrace(), config.getMaxTracesPerSession());
  }

  /**
   * @return spans kept and dropped by the limits
   */
  SpanStore.Added keep(String project, ExportTraceServiceRequest request) {
    Map<String, List<StoredSpan>> byTrace = new LinkedHashMap<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String service = serviceName(resourceSpans.getResource());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          String traceId = TraceIds.normalize(Hex.of(span.getTraceId().toByteArray()));
          if (traceId != null
              && SPAN_ID.matcher(Hex.of(span.getSpanId().toByteArray())).matches()) {
            byTrace
                .computeIfAbsent(traceId, k -> new ArrayList<>())
                .add(records.from(span, traceId, service));
          }
        }
      }
    }
    if (byTrace.isEmpty()) {
      return new SpanStore.Added(0, 0);
    }
    Map<String, Set<String>> sessions = store.linkedSessions(project, byTrace.keySet());
    List<SessionSpans> groups = new ArrayList<>();
    byTrace.forEach(
        (traceId, spans) -> {
          for (String session : sessions.getOrDefault(traceId, Set.of())) {
            groups.add(new SessionSpans(session, traceId, spans));
          }
        });
    return groups.isEmpty() ? new SpanStore.Added(0, 0) : store.addSpans(project, groups, limits);
  }

  private static String serviceName(Resource resource) {
    String name = OtlpSpanIndexer.stringAttribute(resource.getAttributesList(), "service.name");
    return name == null ? UNKNOWN_SERVICE : name;
  }
}
