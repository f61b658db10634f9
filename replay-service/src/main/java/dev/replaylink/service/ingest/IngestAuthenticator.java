package dev.replaylink.service.ingest;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.auth.ProjectRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Resolves the project of a write request from its ingest key ({@code X-Replaylink-Key} header or
 * {@code key} query parameter) and checks the browser origin against the project's allowed origins.
 */
@Singleton
public final class IngestAuthenticator {
  public static final String KEY_HEADER = "X-Replaylink-Key";

  private final ProjectRegistry projects;

  IngestAuthenticator(ProjectRegistry projects) {
    this.projects = projects;
  }

  /**
   * For browser-facing endpoints: the key must be valid and, when the request comes from a browser
   * (has an Origin) or the project restricts origins, the origin must be allowed.
   */
  public Project forBrowser(HttpRequest<?> request) {
    Project project = project(request);
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (!project.allowsOrigin(origin)) {
      throw ApiException.forbidden(
          "origin_not_allowed",
          origin == null
              ? "This project accepts recordings only from its allowed origins; the request has no Origin."
              : "Origin " + origin + " is not allowed for this project.");
    }
    return project;
  }

  /**
   * For backend endpoints (OTLP, error reports): a valid key; origins are not checked for
   * non-browsers.
   */
  public Project forBackend(HttpRequest<?> request) {
    Project project = project(request);
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (origin != null && !project.allowsOrigin(origin)) {
      throw ApiException.forbidden(
          "origin_not_allowed", "Origin " + origin + " is not allowed for this project.");
    }
    return project;
  }

  private Project project(HttpRequest<?> request) {
    String key = request.getHeaders().get(KEY_HEADER);
    if (key == null) {
      key = request.getParameters().get("key");
    }
    if (key == null || key.isBlank()) {
      throw ApiException.unauthorized(
          "An ingest key is required in the X-Replaylink-Key header or the key query parameter.");
    }
    return projects
        .byIngestKey(key.trim())
        .orElseThrow(() -> ApiException.unauthorized("Unknown ingest key."));
  }
}
