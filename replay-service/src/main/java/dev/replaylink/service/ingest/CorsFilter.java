package dev.replaylink.service.ingest;

import dev.replaylink.service.auth.Project;
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
import java.util.Optional;

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
      response
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS")
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
          .header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
          .header(HttpHeaders.VARY, "Origin");
    }
    return response;
  }

  /**
   * Lets the page read the response when the key's project allows its origin. Without a known key
   * (the response is a 401) any project allowing the origin will do, so the page can read why.
   */
  @ResponseFilter
  void allowOrigin(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (origin == null || request.getMethod() == HttpMethod.OPTIONS) {
      return;
    }
    Optional<Project> project = keyOf(request).flatMap(projects::byIngestKey);
    boolean allowed =
        project.isPresent() ? project.get().allowsOrigin(origin) : projects.anyAllowsOrigin(origin);
    if (allowed) {
      response
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .header(HttpHeaders.VARY, "Origin");
    }
  }

  private static Optional<String> keyOf(HttpRequest<?> request) {
    String key = request.getHeaders().get(IngestAuthenticator.KEY_HEADER);
    if (key == null) {
      key = request.getParameters().get("key");
    }
    return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.trim());
  }
}
