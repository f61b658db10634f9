package dev.replaylink.service.ui;

import dev.replaylink.service.auth.UiSessions;
import dev.replaylink.service.config.ReplaylinkConfiguration;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The cookies of browser sign-in: the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS)
 * and the short-lived cookie that carries the page someone wanted through an OIDC round trip.
 */
@Singleton
final class SessionCookies {
  static final String NEXT = "rl_next";
  static final Duration NEXT_LIFETIME = Duration.ofMinutes(10);

  private final ReplaylinkConfiguration config;

  SessionCookies(ReplaylinkConfiguration config) {
    this.config = config;
  }

  Cookie session(String id, HttpRequest<?> request) {
    return Cookie.of(UiSessions.COOKIE, id)
        .httpOnly(true)
        .sameSite(SameSite.Lax)
        .path("/")
        .maxAge(UiSessions.LIFETIME)
        .secure(isHttps(request));
  }

  Cookie next(String target, HttpRequest<?> request) {
    return Cookie.of(NEXT, target)
        .httpOnly(true)
        .sameSite(SameSite.Lax)
        .path("/")
        .maxAge(NEXT_LIFETIME)
        .secure(isHttps(request));
  }

  static Cookie cleared(String name) {
    return Cookie.of(name, "").path("/").maxAge(0);
  }

  private boolean isHttps(HttpRequest<?> request) {
    String proto = request.getHeaders().get("X-Forwarded-Proto");
    return "https".equalsIgnoreCase(proto)
        || request.isSecure()
        || config.getPublicUrl().startsWith("https://");
  }
}
