package dev.replaylink.service.auth;

import dev.replaylink.service.api.ApiException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.cookie.Cookie;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Who is reading: an API token in {@code Authorization: Bearer}, or a UI login cookie. Ingest keys
 * are write-only and never authenticate a read.
 */
@Singleton
public final class ReadAuthenticator {
  private final TokenRegistry tokens;
  private final UiSessions uiSessions;

  ReadAuthenticator(TokenRegistry tokens, UiSessions uiSessions) {
    this.tokens = tokens;
    this.uiSessions = uiSessions;
  }

  public Optional<Principal> find(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return tokens.authenticate(header.substring(7).trim());
      }
      return Optional.empty();
    }
    Optional<Cookie> cookie = request.getCookies().findCookie(UiSessions.COOKIE);
    return cookie.flatMap(c -> uiSessions.tokenName(c.getValue())).flatMap(tokens::byName);
  }

  /** The reader, or a 401 refusal. */
  public Principal require(HttpRequest<?> request) {
    return find(request).orElseThrow(() -> ApiException.unauthorized(
        "A valid API token is required: send 'Authorization: Bearer <token>' (ingest keys cannot read)."));
  }

  public Principal requireAdmin(HttpRequest<?> request) {
    Principal p = require(request);
    if (!p.isAdmin()) {
      throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "This action needs a token with the admin role.");
    }
    return p;
  }
}
