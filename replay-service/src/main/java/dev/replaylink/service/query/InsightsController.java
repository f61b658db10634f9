package dev.replaylink.service.query;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Principal;
import dev.replaylink.service.auth.ReadAuthenticator;
import dev.replaylink.service.auth.Roles;
import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import dev.replaylink.service.storage.InsightSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Triage view of a time range: the errors, failing endpoints and frustrating elements that affected
 * the most sessions, each with a daily trend and a replay link at its latest occurrence.
 */
@Secured(Roles.VIEWER)
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class InsightsController {
  static final long DAY_MS = 86_400_000L;
  static final long DEFAULT_RANGE_MS = 7 * DAY_MS;
  static final long MAX_RANGE_MS = 366 * DAY_MS;
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 50;

  private final ReadAuthenticator auth;
  private final InsightSearch reader;
  private final SessionViews views;

  InsightsController(ReadAuthenticator auth, InsightSearch reader, SessionViews views) {
    this.auth = auth;
    this.reader = reader;
    this.views = views;
  }

  @Get(uri = "/insights", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> insights(
      HttpRequest<?> request,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String limit) {
    Principal p = auth.require(request);
    Long toParam = QueryController.longParam("to", to);
    long end = toParam == null ? System.currentTimeMillis() : toParam;
    Long fromParam = QueryController.longParam("from", from);
    long start = fromParam == null ? Math.max(0, end - DEFAULT_RANGE_MS) : fromParam;
    if (start >= end) {
      throw ApiException.badRequest("invalid_parameter", "'from' must be before 'to'.");
    }
    if (end - start > MAX_RANGE_MS) {
      throw ApiException.badRequest(
          "invalid_parameter", "The range from 'from' to 'to' may be at most 366 days.");
    }
    Long n = QueryController.longParam("limit", limit);
    if (n != null && (n < 1 || n > MAX_LIMIT)) {
      throw ApiException.badRequest(
          "invalid_parameter", "'limit' must be between 1 and " + MAX_LIMIT + ".");
    }
    int max = n == null ? DEFAULT_LIMIT : n.intValue();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", start);
    body.put("to", end);
    body.put("jsErrors", groups(p, InsightCategory.JS_ERRORS, start, end, max));
    body.put("backendErrors", groups(p, InsightCategory.BACKEND_ERRORS, start, end, max));
    body.put("failingEndpoints", groups(p, InsightCategory.FAILING_ENDPOINTS, start, end, max));
    body.put("frustrationTargets", groups(p, InsightCategory.FRUSTRATION, start, end, max));
    return body;
  }

  private List<Map<String, Object>> groups(
      Principal p, InsightCategory category, long start, long end, int max) {
    return reader.insights(p.projects(), category, start, end, max).stream()
        .map(g -> view(g, start, end))
        .toList();
  }

  private Map<String, Object> view(InsightGroup g, long start, long end) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", g.kind());
    m.put("key", g.key());
    m.put("page", g.page());
    m.put("occurrences", g.occurrences());
    m.put("sessions", g.sessions());
    m.put("users", g.users());
    m.put("lastSeen", g.lastSeen());
    m.put("lastSessionId", g.lastSessionId());
    m.put(
        "replayUrl",
        g.lastSessionId() == null ? null : views.replayUrl(g.lastSessionId(), g.lastSeen()));
    m.put("trend", trend(g, start, end));
    return m;
  }

  /** One entry per UTC day of the range, zero on days without occurrences. */
  static List<Map<String, Object>> trend(InsightGroup g, long start, long end) {
    Map<Long, Long> counts = new HashMap<>();
    g.daily().forEach(d -> counts.put(d.dayStart(), d.count()));
    long first = Math.floorDiv(start, DAY_MS) * DAY_MS;
    long last = Math.floorDiv(end - 1, DAY_MS) * DAY_MS;
    List<Map<String, Object>> out = new ArrayList<>();
    for (long day = first; day <= last; day += DAY_MS) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("day", Instant.ofEpochMilli(day).atOffset(ZoneOffset.UTC).toLocalDate().toString());
      d.put("count", counts.getOrDefault(day, 0L));
      out.add(d);
    }
    return out;
  }
}
