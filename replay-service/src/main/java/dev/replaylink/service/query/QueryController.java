package dev.replaylink.service.query;

import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.api.Identifiers;
import dev.replaylink.service.audit.AuditLog;
import dev.replaylink.service.auth.Principal;
import dev.replaylink.service.auth.ReadAuthenticator;
import dev.replaylink.service.auth.Roles;
import dev.replaylink.service.index.TraceIds;
import dev.replaylink.service.model.AuditEntry;
import dev.replaylink.service.model.Compaction;
import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.storage.CompactionStore;
import dev.replaylink.service.storage.DeletionStore;
import dev.replaylink.service.storage.MarkerStore;
import dev.replaylink.service.storage.SessionSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read API v1 (bearer token or UI login), deletes and compaction (admin role). Talks only to the
 * storage seam.
 */
@Secured(Roles.VIEWER)
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class QueryController {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  static final int MAX_URL_CONTAINS = 512;

  private final ReadAuthenticator auth;
  private final SessionSearch sessions;
  private final MarkerStore markers;
  private final EventStreams eventStreams;
  private final DeletionStore deletion;
  private final CompactionStore compaction;
  private final SessionViews views;
  private final AuditLog audit;

  QueryController(
      ReadAuthenticator auth,
      SessionSearch sessions,
      MarkerStore markers,
      EventStreams eventStreams,
      DeletionStore deletion,
      CompactionStore compaction,
      SessionViews views,
      AuditLog audit) {
    this.audit = audit;
    this.auth = auth;
    this.sessions = sessions;
    this.markers = markers;
    this.eventStreams = eventStreams;
    this.deletion = deletion;
    this.compaction = compaction;
    this.views = views;
  }

  @Get(uri = "/sessions", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> sessions(
      HttpRequest<?> request,
      @Nullable @QueryValue String traceId,
      @Nullable @QueryValue String userId,
      @Nullable @QueryValue String hasError,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue String urlContains,
      @Nullable @QueryValue String minErrors,
      @Nullable @QueryValue String hasFrustration,
      @Nullable @QueryValue String minDurationMs,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String order,
      @Nullable @QueryValue String minPages) {
    Principal p = auth.require(request);
    String trace = null;
    if (traceId != null && !traceId.isBlank()) {
      trace = TraceIds.normalize(traceId);
      if (trace == null) {
        throw ApiException.badRequest("invalid_parameter", "'traceId' must be 32 hex characters.");
      }
    }
    SessionQuery.Sort by = sort(sort);
    boolean ascending = ascending(order);
    String contains = blankToNull(urlContains);
    if (contains != null && contains.length() > MAX_URL_CONTAINS) {
      throw ApiException.badRequest(
          "invalid_parameter", "'urlContains' may be at most " + MAX_URL_CONTAINS + " characters.");
    }
    Identifiers.refuseNul(userId, "userId");
    Identifiers.refuseNul(contains, "urlContains");
    SessionQuery q =
        new SessionQuery(
            p.projects(),
            trace,
            blankToNull(userId),
            bool("hasError", hasError),
            longParam("from", from),
            longParam("to", to),
            limit(limit),
            Cursors.decode(cursor, by, ascending),
            contains,
            countParam("minErrors", minErrors),
            bool("hasFrustration", hasFrustration),
            countParam("minDurationMs", minDurationMs),
            by,
            countParam("minPages", minPages),
            ascending);
    if (q.userId() != null) {
      audit.record(request, AuditEntry.SEARCH_BY_USER, null, null, q.userId());
    }
    SessionPage page = sessions.searchSessions(q);
    List<TraceLink> links = trace == null ? List.of() : markers.traceLinks(p.projects(), trace);
    List<Map<String, Object>> sessions =
        page.sessions().stream()
            .map(
                s -> {
                  Map<String, Object> view = views.session(s);
                  if (q.traceId() != null) {
                    view.put(
                        "matches",
                        links.stream()
                            .filter(l -> l.sessionId().equals(s.sessionId()))
                            .map(views::match)
                            .toList());
                  }
                  return view;
                })
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sessions", sessions);
    body.put("nextCursor", Cursors.encode(page.next(), by, ascending));
    return body;
  }

  @Get(uri = "/sessions/{sessionId}", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> session(HttpRequest<?> request, @PathVariable String sessionId) {
    Principal p = auth.require(request);
    SessionSummary s = find(p, sessionId);
    Map<String, Object> view = views.session(s);
    view.put("markers", views.markers(markers.markers(s.project(), s.sessionId())));
    view.put("traceUrlTemplate", views.traceUrlTemplate());
    return view;
  }

  @Get(uri = "/sessions/{sessionId}/events", produces = MediaType.APPLICATION_JSON)
  StreamedFile events(
      HttpRequest<?> request, @PathVariable String sessionId, @Nullable @QueryValue String from) {
    Principal p = auth.require(request);
    SessionSummary s = find(p, sessionId);
    audit.record(request, AuditEntry.EVENTS, s.project(), s.sessionId(), null);
    return eventStreams.stream(s.project(), s.sessionId(), longParam("from", from));
  }

  @Get(uri = "/traces/{traceId}", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> trace(HttpRequest<?> request, @PathVariable String traceId) {
    Principal p = auth.require(request);
    String trace = TraceIds.normalize(traceId);
    if (trace == null) {
      throw ApiException.badRequest("invalid_parameter", "The trace ID must be 32 hex characters.");
    }
    List<TraceLink> links = markers.traceLinks(p.projects(), trace);
    if (links.isEmpty()) {
      throw ApiException.notFound("No session is linked to trace " + trace + ".");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("traceId", trace);
    body.put("sessions", links.stream().map(views::traceSession).toList());
    return body;
  }

  @Secured(Roles.ADMIN)
  @Delete(uri = "/sessions/{sessionId}", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> deleteSession(HttpRequest<?> request, @PathVariable String sessionId) {
    Principal p = auth.requireAdmin(request);
    SessionSummary s = find(p, sessionId);
    audit.record(request, AuditEntry.DELETE, s.project(), s.sessionId(), null);
    boolean deleted = deletion.deleteSession(s.project(), s.sessionId());
    return Map.of("deleted", deleted ? 1 : 0);
  }

  /**
   * Merges the session's chunks now, whether or not it is quiet (the background job waits for
   * that).
   */
  @Secured(Roles.ADMIN)
  @Post(uri = "/sessions/{sessionId}/compact", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> compactSession(HttpRequest<?> request, @PathVariable String sessionId) {
    Principal p = auth.requireAdmin(request);
    SessionSummary s = find(p, sessionId);
    Compaction c = compaction.compact(s.project(), s.sessionId(), Long.MAX_VALUE);
    if (c.skipped()) {
      throw ApiException.notFound("No session " + sessionId + ".");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chunksBefore", c.chunksBefore());
    body.put("chunksAfter", c.chunksAfter());
    body.put("bytesBefore", c.bytesBefore());
    body.put("bytesAfter", c.bytesAfter());
    return body;
  }

  @Secured(Roles.ADMIN)
  @Delete(uri = "/users/{userId}/sessions", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> deleteUser(HttpRequest<?> request, @PathVariable String userId) {
    Principal p = auth.requireAdmin(request);
    Identifiers.refuseNul(userId, "userId");
    audit.record(request, AuditEntry.ERASE, null, null, userId);
    return Map.of("deleted", deletion.deleteUserSessions(p.projects(), userId));
  }

  private SessionSummary find(Principal p, String sessionId) {
    if (!Identifiers.ID.matcher(sessionId).matches()) {
      throw ApiException.badRequest(
          RefusalReasons.INVALID_ID, "The session ID must match " + Identifiers.ID.pattern() + ".");
    }
    return sessions
        .session(p.projects(), sessionId)
        .orElseThrow(() -> ApiException.notFound("No session " + sessionId + "."));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Boolean bool(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw ApiException.badRequest(
              "invalid_parameter", "'" + name + "' must be true or false.");
    };
  }

  private static SessionQuery.Sort sort(String value) {
    if (value == null || value.isBlank()) {
      return SessionQuery.Sort.STARTED_AT;
    }
    SessionQuery.Sort sort = SessionQuery.Sort.fromApiName(value.trim());
    if (sort == null) {
      throw ApiException.badRequest(
          "invalid_parameter", "'sort' must be startedAt, duration, errors, frustration or pages.");
    }
    return sort;
  }

  private static boolean ascending(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim()) {
      case "asc" -> true;
      case "desc" -> false;
      default -> throw ApiException.badRequest("invalid_parameter", "'order' must be asc or desc.");
    };
  }

  private static Long countParam(String name, String value) {
    return nonNegative(name, value, "a non-negative integer");
  }

  static Long longParam(String name, String value) {
    return nonNegative(name, value, "a non-negative integer (epoch milliseconds)");
  }

  private static Long nonNegative(String name, String value, String expected) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long v = Long.parseLong(value.trim());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.badRequest("invalid_parameter", "'" + name + "' must be " + expected + ".");
  }

  private static int limit(String value) {
    Long v = longParam("limit", value);
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    if (v < 1 || v > MAX_LIMIT) {
      throw ApiException.badRequest(
          "invalid_parameter", "'limit' must be between 1 and " + MAX_LIMIT + ".");
    }
    return v.intValue();
  }
}
