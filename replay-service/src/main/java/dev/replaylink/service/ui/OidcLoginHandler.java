package dev.replaylink.service.ui;

import dev.replaylink.service.auth.Authentications;
import dev.replaylink.service.auth.UiSessions;
import dev.replaylink.service.config.OidcConfiguration;
import dev.replaylink.service.model.SignIn;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthenticationFailed;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.handlers.RedirectingLoginHandler;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an OIDC sign-in, after the framework checked state, PKCE, nonce and the ID token: a
 * server-side session is started (its ID only in the cookie) and the browser goes on to the page it
 * wanted. A failed callback (wrong or replayed state, a code the provider refuses, a token from
 * another issuer or audience) gets a page naming the cause, a log line, and no session.
 */
@Singleton
@Requires(property = OidcConfiguration.PREFIX + ".enabled", value = "true")
final class OidcLoginHandler
    implements RedirectingLoginHandler<HttpRequest<?>, MutableHttpResponse<?>> {
  private static final Logger LOG = LoggerFactory.getLogger(OidcLoginHandler.class);

  private final UiSessions sessions;
  private final SessionCookies cookies;

  OidcLoginHandler(UiSessions sessions, SessionCookies cookies) {
    this.sessions = sessions;
    this.cookies = cookies;
  }

  @Override
  public MutableHttpResponse<?> loginSuccess(Authentication who, HttpRequest<?> request) {
    String email = (String) who.getAttributes().get(Authentications.EMAIL);
    String id =
        sessions.create(new SignIn(SignIn.OIDC, who.getName(), email, Authentications.groups(who)));
    String target =
        UiController.safeNext(
            request
                .getCookies()
                .findCookie(SessionCookies.NEXT)
                .map(Cookie::getValue)
                .orElse(null));
    return HttpResponse.status(HttpStatus.SEE_OTHER)
        .header(HttpHeaders.LOCATION, target)
        .cookie(cookies.session(id, request))
        .cookie(SessionCookies.cleared(SessionCookies.NEXT));
  }

  @Override
  public MutableHttpResponse<?> loginRefresh(
      Authentication who, String refreshToken, HttpRequest<?> request) {
    return failedPage("Token refresh is not used by Replaylink.");
  }

  @Override
  public MutableHttpResponse<?> loginFailed(
      AuthenticationResponse response, HttpRequest<?> request) {
    String reason =
        Optional.ofNullable(response.getMessage().orElse(null))
            .or(
                () ->
                    response instanceof AuthenticationFailed f
                        ? Optional.of(f.getReason().name())
                        : Optional.empty())
            .orElse("the identity provider's answer could not be verified");
    LOG.warn("OIDC sign-in refused: {}", reason);
    return failedPage(reason);
  }

  static MutableHttpResponse<?> failedPage(String reason) {
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .contentType(MediaType.TEXT_HTML_TYPE)
        .body(UiPages.page("sign-in-failed").replace("{{reason}}", Html.escape(reason)));
  }
}
