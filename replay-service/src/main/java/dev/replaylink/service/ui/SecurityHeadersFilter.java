package dev.replaylink.service.ui;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * A strict Content-Security-Policy and related headers on every UI page and asset: scripts only from
 * this service, no plugins, no framing by others, and no requests to other hosts, so that recorded
 * DOM shown in the replay cannot run or call out.
 */
@ServerFilter({"/replay/**", "/sessions", "/insights", "/login", "/ui/**", "/sdk/player.*", "/"})
final class SecurityHeadersFilter {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:;"
      + " font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; frame-src 'self' blob:; child-src 'self' blob:;"
      + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  @ResponseFilter
  void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .header("X-Frame-Options", "DENY");
    if (!request.getPath().startsWith("/ui/") && !request.getPath().startsWith("/sdk/")) {
      response.header("Cache-Control", "no-store");
    }
  }
}
