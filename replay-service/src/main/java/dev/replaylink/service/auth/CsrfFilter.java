package dev.replaylink.service.auth;

import dev.replaylink.service.config.ReplaylinkConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;
import java.util.Map;

/**
 * Cross-site request forgery protection for requests a browser may send with the login cookie:
 * every state-changing request (POST, PUT, PATCH, DELETE) to the UI or the read/admin API must come
 * from this service's own pages, proven by the Origin header (or, when it is absent or "null", by
 * Sec-Fetch-Site). Requests authenticated by a bearer token or an ingest key carry no ambient
 * credential and pass.
 */
@ServerFilter({"/login", "/logout", "/api/v1/sessions/**", "/api/v1/users/**"})
final class CsrfFilter {
  private final String publicOrigin;

  CsrfFilter(ReplaylinkConfiguration config) {
    this.publicOrigin = origin(URI.create(config.getPublicUrl()));
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> check(HttpRequest<?> request) {
    HttpMethod m = request.getMethod();
    if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
      return null;
    }
    if (request.getHeaders().get(HttpHeaders.AUTHORIZATION) != null) {
      return null;
    }
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (origin != null && !origin.equals("null")) {
      return origin.equals(publicOrigin) || origin.equals(requestOrigin(request)) ? null : refuse();
    }
    String site = request.getHeaders().get("Sec-Fetch-Site");
    if (site == null ? origin == null : site.equals("same-origin") || site.equals("none")) {
      return null;
    }
    return refuse();
  }

  private static HttpResponse<?> refuse() {
    return HttpResponse.status(HttpStatus.FORBIDDEN)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(
            Map.of(
                "error",
                "csrf_rejected",
                "message",
                "Cross-site request refused: this action must come from Replaylink's own pages."));
  }

  private static String requestOrigin(HttpRequest<?> request) {
    String host = request.getHeaders().get(HttpHeaders.HOST);
    if (host == null) {
      return null;
    }
    String proto = request.getHeaders().get("X-Forwarded-Proto");
    String scheme = proto != null ? proto : request.isSecure() ? "https" : "http";
    return scheme + "://" + host;
  }

  static String origin(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port;
  }
}
