package dev.replaylink.service.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaylink.service.model.StoredSpan;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace API's JSON shapes (field names per docs/api.md, "GET /api/v1/traces/{traceId}"). Times
 * are epoch milliseconds, fractional to the microsecond so that a waterfall of short spans lines
 * up. An {@code exception} event also carries its {@code type}, {@code message} and {@code
 * stacktrace} at the top level.
 */
@Singleton
final class TraceViews {
  private final ObjectMapper mapper;
  private final SessionViews sessions;

  TraceViews(ObjectMapper mapper, SessionViews sessions) {
    this.mapper = mapper;
    this.sessions = sessions;
  }

  /**
   * The recorded network event of the trace's first browser request, or null when none was
   * recorded.
   */
  Object browser(List<StoredSpan> spans) {
    return spans.stream()
        .filter(s -> s.browserJson() != null)
        .findFirst()
        .map(s -> json(s.browserJson()))
        .orElse(null);
  }

  Map<String, Object> span(StoredSpan s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spanId", s.spanId());
    m.put("parentSpanId", s.parentSpanId());
    m.put("service", s.service());
    m.put("name", s.name());
    m.put("kind", s.kind());
    m.put("startMs", micros(s.startNanos()));
    m.put("durationMs", micros(s.durationNanos()));
    m.put("status", s.status());
    m.put("statusMessage", s.statusMessage());
    m.put("attributes", json(s.attributesJson()));
    m.put("events", events(s.eventsJson()));
    m.put("browser", s.browserJson() != null);
    return m;
  }

  /** The trace in the configured trace UI, or null when no template is set. */
  String traceUrl(String traceId) {
    String template = sessions.traceUrlTemplate();
    return template == null ? null : template.replace("{traceId}", traceId);
  }

  private List<Object> events(String eventsJson) {
    List<Object> out = new ArrayList<>();
    for (JsonNode e : json(eventsJson)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.path("name").asText());
      m.put("timeMs", e.path("timeMs").asLong());
      JsonNode attributes = e.path("attributes");
      m.put("attributes", attributes);
      if ("exception".equals(e.path("name").asText())) {
        m.put("type", text(attributes, "exception.type"));
        m.put("message", text(attributes, "exception.message"));
        m.put("stacktrace", text(attributes, "exception.stacktrace"));
      }
      out.add(m);
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static double micros(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  private JsonNode json(String text) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored span JSON cannot be read", e);
    }
  }
}
