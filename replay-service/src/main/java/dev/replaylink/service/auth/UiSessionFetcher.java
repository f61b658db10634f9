package dev.replaylink.service.auth;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/**
 * Authentication by the browser's sign-in cookie: the session row (found by the ID's digest) names
 * who signed in, and {@link SignInResolver} turns that into roles and projects by today's
 * configuration. A request that carries an {@code Authorization} header is judged by it alone. The
 * lookup blocks on the database, so it runs on the blocking executor, off the event loop.
 */
@Singleton
final class UiSessionFetcher implements AuthenticationFetcher<HttpRequest<?>> {
  private final UiSessions sessions;
  private final SignInResolver resolver;
  private final ExecutorService blocking;

  UiSessionFetcher(
      UiSessions sessions,
      SignInResolver resolver,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.sessions = sessions;
    this.resolver = resolver;
    this.blocking = blocking;
  }

  @Override
  public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
    if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
      return Publishers.empty();
    }
    Optional<Cookie> cookie = request.getCookies().findCookie(UiSessions.COOKIE);
    if (cookie.isEmpty()) {
      return Publishers.empty();
    }
    String id = cookie.get().getValue();
    return Publishers.fromCompletableFuture(
        () ->
            CompletableFuture.supplyAsync(
                () -> sessions.find(id).flatMap(resolver::resolve).orElse(null), blocking));
  }
}
