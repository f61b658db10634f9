package dev.replaylink.service.ui;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;

/**
 * A strict Content-Security-Policy and related headers on every UI page and asset: scripts only
 * from this service, no plugins, no framing by others, no referrer, and no requests to other hosts,
 * so that recorded DOM shown in the replay cannot run or call out. The replay page answers with its
 * own policy ({@link ReplayPagePolicy}), which adds the recorded project's origins as sources of
 * images, styles, fonts and media; this filter leaves such a policy as it is.
 */
@ServerFilter({
  "/replay/**",
  "/sessions",
  "/insights",
  "/audit",
  "/login",
  "/login/**",
  "/oauth/**",
  "/ui/**",
  "/sdk/player.*",
  "/"
})
final class SecurityHeadersFilter implements Ordered {
  static final String CSP_HEADER = "Content-Security-Policy";
  static final String CSP = policy(List.of());

  /**
   * The policy with {@code assetSources} (validated origins, see {@code AssetOrigins}) added to the
   * image, style, font and media sources. The replay iframe is an {@code about:blank} document,
   * which inherits this policy and the referrer policy from the page.
   */
  static String policy(List<String> assetSources) {
    String extra = assetSources.isEmpty() ? "" : " " + String.join(" ", assetSources);
    return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"
        + extra
        + "; img-src 'self' data: blob:"
        + extra
        + ";"
        + " font-src 'self' data:"
        + extra
        + "; media-src 'self' blob:"
        + extra
        + "; connect-src 'self'; frame-src 'self' blob:; child-src 'self' blob:;"
        + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /**
   * Before the security filter, so that its refusals (sign-in redirects, 403 pages) carry the
   * headers too.
   */
  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before();
  }

  @ResponseFilter
  void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (!response.getHeaders().contains(CSP_HEADER)) {
      response.header(CSP_HEADER, CSP);
    }
    response
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Frame-Options", "DENY");
    if (!request.getPath().startsWith("/ui/") && !request.getPath().startsWith("/sdk/")) {
      response.header("Cache-Control", "no-store");
    }
  }
}
