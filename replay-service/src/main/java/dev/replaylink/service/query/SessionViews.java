package dev.replaylink.service.query;

import dev.replaylink.service.config.ReplaylinkConfiguration;
import dev.replaylink.service.config.UiConfiguration;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.TraceLink;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's JSON shapes for sessions, markers and trace matches (field names per docs/api.md,
 * "Read").
 */
@Singleton
public final class SessionViews {
  private final ReplaylinkConfiguration config;
  private final UiConfiguration ui;

  SessionViews(ReplaylinkConfiguration config, UiConfiguration ui) {
    this.config = config;
    this.ui = ui;
  }

  public Map<String, Object> session(SessionSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sessionId", s.sessionId());
    m.put("project", s.project());
    m.put("startedAt", s.startedAt());
    m.put("endedAt", s.endedAt());
    m.put("durationMs", s.durationMs());
    m.put("userId", s.userId());
    m.put("entryUrl", s.entryUrl());
    m.put("eventCount", s.eventCount());
    m.put("errorCount", s.errorCount());
    m.put("rageClickCount", s.rageClickCount());
    m.put("deadClickCount", s.deadClickCount());
    m.put("errorClickCount", s.errorClickCount());
    m.put("mouseThrashCount", s.mouseThrashCount());
    m.put("frustrationCount", s.frustrationCount());
    m.put("pagesVisited", s.pagesVisited());
    m.put("replayUrl", config.replayUrl(s.sessionId(), s.startedAt()));
    return m;
  }

  /**
   * The configured link template for trace IDs ({@code {traceId}} placeholder), or null when none
   * is set.
   */
  public String traceUrlTemplate() {
    String template = template();
    return template.isEmpty() ? null : template;
  }

  /**
   * {@code replaylink.ui.trace-url-template}, else the 0.1 key {@code
   * replaylink.trace-url-template}; "" when neither is set.
   */
  private String template() {
    return ui.getTraceUrlTemplate().isEmpty()
        ? config.getTraceUrlTemplate()
        : ui.getTraceUrlTemplate();
  }

  public String replayUrl(String sessionId, long at) {
    return config.replayUrl(sessionId, at);
  }

  public Map<String, Object> match(TraceLink link) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("traceId", link.traceId());
    m.put("timestamp", link.timestamp());
    m.put("replayUrl", config.replayUrl(link.sessionId(), link.timestamp()));
    return m;
  }

  public Map<String, Object> traceSession(TraceLink link) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sessionId", link.sessionId());
    m.put("timestamp", link.timestamp());
    m.put("replayUrl", config.replayUrl(link.sessionId(), link.timestamp()));
    return m;
  }

  public Map<String, Object> marker(Marker marker) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("timestamp", marker.timestamp());
    m.put("kind", marker.kind());
    m.put("label", marker.label());
    if (marker.traceId() != null) {
      m.put("traceId", marker.traceId());
      String template = template();
      if (!template.isEmpty()) {
        m.put("traceUrl", template.replace("{traceId}", marker.traceId()));
      }
    }
    if (marker.link() != null) {
      m.put("link", marker.link());
    }
    return m;
  }

  public List<Map<String, Object>> markers(List<Marker> markers) {
    return markers.stream().map(this::marker).toList();
  }
}
