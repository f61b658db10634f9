package dev.replaylink.service.ui;

import dev.replaylink.service.config.OidcConfiguration;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework answers an OIDC callback whose ID token fails validation (expired, another issuer
 * or audience, bad signature or nonce) with a bare 401, and a sign-in while the issuer cannot be
 * reached with a 500. This gives those answers the sign-in-failed page (502 for the unreachable
 * provider) and a log line, so the person and the operator both see why no session started.
 */
@ServerFilter({"/oauth/login/**", "/oauth/callback/**"})
final class CallbackRefusalFilter {
  private final OidcConfiguration oidc;

  CallbackRefusalFilter(OidcConfiguration oidc) {
    this.oidc = oidc;
  }

  private static final Logger LOG = LoggerFactory.getLogger(CallbackRefusalFilter.class);
  static final String REASON =
      "the ID token was refused (expired, from another issuer or audience, or not signed by the issuer's keys)";

  @ResponseFilter
  void explain(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (response.getStatus() == HttpStatus.UNAUTHORIZED && response.getBody().isEmpty()) {
      LOG.warn("OIDC sign-in refused: {}", REASON);
      response.contentType(MediaType.TEXT_HTML_TYPE);
      ((MutableHttpResponse<Object>) response).body(OidcLoginHandler.failedPage(REASON).body());
    } else if (response.getStatus().getCode() >= 500) {
      String reason =
          "the identity provider ("
              + OidcConfiguration.PREFIX
              + ".issuer "
              + oidc.getIssuer()
              + ") could not be reached or answered with an error";
      LOG.warn("OIDC sign-in failed on {}: {}", request.getPath(), reason);
      response.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.TEXT_HTML_TYPE);
      ((MutableHttpResponse<Object>) response).body(OidcLoginHandler.failedPage(reason).body());
    }
  }
}
