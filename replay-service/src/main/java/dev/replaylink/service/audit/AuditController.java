package dev.replaylink.service.audit;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.api.Identifiers;
import dev.replaylink.service.auth.Roles;
import dev.replaylink.service.model.AuditEntry;
import dev.replaylink.service.model.AuditQuery;
import dev.replaylink.service.storage.AuditStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/audit} (admin): the access audit, newest first, filtered by {@code user},
 * {@code sessionId}, {@code action}, {@code from}/{@code to} (epoch ms), paged by {@code limit} and
 * an opaque {@code cursor} like the session search.
 */
@Controller("/api/v1")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AuditController {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  static final List<String> ACTIONS =
      List.of(
          AuditEntry.VIEW,
          AuditEntry.EVENTS,
          AuditEntry.SEARCH_BY_USER,
          AuditEntry.DELETE,
          AuditEntry.ERASE);

  private final AuditStore store;

  AuditController(AuditStore store) {
    this.store = store;
  }

  @Get(uri = "/audit", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> audit(
      @Nullable @QueryValue String user,
      @Nullable @QueryValue String sessionId,
      @Nullable @QueryValue String action,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String cursor) {
    Identifiers.refuseNul(user, "user");
    Identifiers.refuseNul(sessionId, "sessionId");
    String act = blankToNull(action);
    if (act != null && !ACTIONS.contains(act)) {
      throw ApiException.badRequest(
          "invalid_parameter", "'action' must be one of " + String.join(", ", ACTIONS) + ".");
    }
    int n =
        limit == null || limit.isBlank()
            ? DEFAULT_LIMIT
            : (int) range("limit", limit, 1, MAX_LIMIT);
    long[] after = decode(cursor);
    List<AuditEntry> found =
        store.search(
            new AuditQuery(
                blankToNull(user),
                blankToNull(sessionId),
                act,
                time("from", from),
                time("to", to),
                n,
                after == null ? null : after[0],
                after == null ? null : after[1]));
    List<AuditEntry> page = found.size() > n ? found.subList(0, n) : found;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("entries", page.stream().map(AuditController::view).toList());
    body.put("nextCursor", found.size() > n ? encode(page.get(n - 1)) : null);
    return body;
  }

  private static Map<String, Object> view(AuditEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", e.at());
    m.put("user", e.user());
    m.put("action", e.action());
    m.put("project", e.project());
    m.put("sessionId", e.sessionId());
    m.put("client", e.client());
    m.put("userId", e.userId());
    return m;
  }

  static String encode(AuditEntry last) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("audit:" + last.at() + ":" + last.id()).getBytes(StandardCharsets.UTF_8));
  }

  static long[] decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
      if (parts.length != 3 || !parts[0].equals("audit")) {
        throw new IllegalArgumentException("not an audit cursor");
      }
      return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "invalid_cursor", "'cursor' is not a cursor returned by this API.");
    }
  }

  private static Long time(String name, String value) {
    return value == null || value.isBlank() ? null : range(name, value, 0, Long.MAX_VALUE);
  }

  private static long range(String name, String value, long min, long max) {
    try {
      long v = Long.parseLong(value.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.badRequest(
        "invalid_parameter",
        "'"
            + name
            + "' must be an integer from "
            + min
            + (max == Long.MAX_VALUE ? " (epoch milliseconds)" : " to " + max)
            + ".");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
