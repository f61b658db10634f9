package dev.replaylink.service.ui;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthenticationException;
import io.micronaut.security.authentication.AuthenticationExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sign-in the framework refused by exception (an ID token that failed validation: expired,
 * another issuer or audience, a bad signature or nonce; an identity provider that cannot be
 * reached). The browser gets the sign-in-failed page naming the cause, the log a line, and no
 * session starts.
 */
@Singleton
@Produces
@Replaces(AuthenticationExceptionHandler.class)
final class SignInFailureHandler
    implements ExceptionHandler<AuthenticationException, MutableHttpResponse<?>> {
  private static final Logger LOG = LoggerFactory.getLogger(SignInFailureHandler.class);

  @Override
  public MutableHttpResponse<?> handle(HttpRequest request, AuthenticationException e) {
    String reason =
        e.getMessage() == null || e.getMessage().isBlank()
            ? "the identity provider's answer could not be verified (ID token expired, from another issuer or audience, or badly signed)"
            : e.getMessage();
    LOG.warn("Sign-in refused on {}: {}", request.getPath(), reason);
    if (AccessDeniedHandler.isApi(request.getPath())) {
      return HttpResponse.status(HttpStatus.UNAUTHORIZED)
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(Map.of("error", "unauthorized", "message", reason));
    }
    return OidcLoginHandler.failedPage(reason);
  }
}
