package dev.replaylink.service.ingest;

import dev.replaylink.service.auth.ProjectRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * CORS for the write endpoints browsers call. Preflights (which carry no key) are answered for any
 * origin some project allows; the actual request is then checked against its own project.
 */
@ServerFilter({"/api/v1/ingest", "/api/v1/ingest/**", "/v1/traces", "/api/v1/errors"})
final class CorsFilter {
  static final String ALLOWED_HEADERS = "Content-Type, Content-Encoding, X-Replaylink-Key";

  private final ProjectRegistry projects;

  CorsFilter(ProjectRegistry projects) {
    this.projects = projects;
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> preflight(HttpRequest<?> request) {
    if (request.getMethod() != HttpMethod.OPTIONS) {
      return null;
    }
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    MutableHttpResponse<?> response = HttpResponse.noContent();
    if (origin != null && projects.anyAllowsOrigin(origin)) {
      response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS")
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
          .header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
          .header(HttpHeaders.VARY, "Origin");
    }
    return response;
  }

  @ResponseFilter
  void allowOrigin(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (origin != null && request.getMethod() != HttpMethod.OPTIONS && projects.anyAllowsOrigin(origin)) {
      response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).header(HttpHeaders.VARY, "Origin");
    }
  }
}
