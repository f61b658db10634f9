package dev.replaylink.service.auth;

import dev.replaylink.service.api.ApiException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Who is reading, as the security filter established it (API token, sign-in session, or the auth
 * proxy's headers). Routes already refuse callers without the role they are secured with; this
 * gives handlers the caller's projects. Ingest keys are write-only and never authenticate a read.
 */
@Singleton
public final class ReadAuthenticator {

  public Optional<Principal> find(HttpRequest<?> request) {
    return request.getUserPrincipal(Authentication.class).flatMap(Authentications::principal);
  }

  /** The reader, or a 401 refusal. */
  public Principal require(HttpRequest<?> request) {
    return find(request)
        .orElseThrow(
            () ->
                ApiException.unauthorized(
                    "A valid API token is required: send 'Authorization: Bearer <token>' (ingest keys cannot read)."));
  }

  public Principal requireAdmin(HttpRequest<?> request) {
    Principal p = require(request);
    if (!p.isAdmin()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "forbidden", "This action needs a token with the admin role.");
    }
    return p;
  }
}
