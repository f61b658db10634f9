package dev.replaylink.service.query;

import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.api.Identifiers;
import dev.replaylink.service.auth.Principal;
import dev.replaylink.service.auth.ReadAuthenticator;
import dev.replaylink.service.auth.Roles;
import dev.replaylink.service.index.TraceIds;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.StoredTrace;
import dev.replaylink.service.storage.MarkerStore;
import dev.replaylink.service.storage.SessionSearch;
import dev.replaylink.service.storage.SpanStore;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/sessions/{sessionId}/traces/{traceId}}: a trace linked to a session, as the
 * replay page's Trace panel shows it (the browser request and the spans kept of it). 404 for a
 * session the caller may not read, an unknown session, or a trace not linked to the session.
 */
@Secured(Roles.VIEWER)
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class TraceController {
  private final ReadAuthenticator auth;
  private final SessionSearch reader;
  private final MarkerStore markers;
  private final SpanStore spans;
  private final TraceViews views;

  TraceController(
      ReadAuthenticator auth,
      SessionSearch reader,
      MarkerStore markers,
      SpanStore spans,
      TraceViews views) {
    this.markers = markers;
    this.auth = auth;
    this.reader = reader;
    this.spans = spans;
    this.views = views;
  }

  @Get(uri = "/sessions/{sessionId}/traces/{traceId}", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> trace(
      HttpRequest<?> request, @PathVariable String sessionId, @PathVariable String traceId) {
    Principal p = auth.require(request);
    if (!Identifiers.ID.matcher(sessionId).matches()) {
      throw ApiException.badRequest(
          RefusalReasons.INVALID_ID, "The session ID must match " + Identifiers.ID.pattern() + ".");
    }
    String trace = TraceIds.normalize(traceId);
    if (trace == null) {
      throw ApiException.badRequest("invalid_parameter", "The trace ID must be 32 hex characters.");
    }
    SessionSummary session =
        reader
            .session(p.projects(), sessionId)
            .orElseThrow(() -> ApiException.notFound("No session " + sessionId + "."));
    boolean linked =
        markers.traceLinks(List.of(session.project()), trace).stream()
            .anyMatch(l -> l.sessionId().equals(sessionId));
    if (!linked) {
      throw ApiException.notFound(
          "Trace " + trace + " is not linked to session " + sessionId + ".");
    }
    StoredTrace stored = spans.trace(session.project(), sessionId, trace);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("traceId", trace);
    body.put("sessionId", sessionId);
    body.put("browser", views.browser(stored.spans()));
    body.put("spans", stored.spans().stream().map(views::span).toList());
    body.put("dropped", stored.droppedSpans());
    body.put("traceUrl", views.traceUrl(trace));
    return body;
  }
}
