package dev.replaylink.service.auth;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * Authentication by an API token in {@code Authorization: Bearer}, for automation (and the pages,
 * which accept it too). A wrong token authenticates no one; ingest keys are not API tokens.
 */
@Singleton
final class ApiTokenFetcher implements AuthenticationFetcher<HttpRequest<?>> {
  static final String KIND = "api-token";

  private final TokenRegistry tokens;

  ApiTokenFetcher(TokenRegistry tokens) {
    this.tokens = tokens;
  }

  @Override
  public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Publishers.empty();
    }
    return tokens
        .authenticate(header.substring(7).trim())
        .map(p -> Publishers.just(Authentications.of(p, KIND, List.of(), null)))
        .orElseGet(Publishers::empty);
  }
}
