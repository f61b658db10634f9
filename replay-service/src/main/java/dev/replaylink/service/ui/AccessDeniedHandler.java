package dev.replaylink.service.ui;

import dev.replaylink.service.auth.Authentications;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a refused request gets. API and OTLP paths: 401 (no or unknown credentials) or 403 (signed
 * in without the role) as JSON {@code {"error","message"}}. Pages: a visit without sign-in goes to
 * the sign-in page and comes back to the same URL afterwards; someone signed in whose groups give
 * no role gets a 403 page naming who they are and their groups, not a loop back to sign-in.
 */
@Singleton
@Produces
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class AccessDeniedHandler
    implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

  @Override
  public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException e) {
    Authentication who = e.getAuthentication();
    boolean signedIn = e.isForbidden() && who != null;
    if (isApi(request.getPath())) {
      return signedIn
          ? json(
              HttpStatus.FORBIDDEN,
              "forbidden",
              who.getRoles().isEmpty()
                  ? noRole(who)
                  : "This action needs a token with the admin role.")
          : json(
              HttpStatus.UNAUTHORIZED,
              "unauthorized",
              "A valid API token is required: send 'Authorization: Bearer <token>' (ingest keys cannot read).");
    }
    if (!signedIn) {
      return HttpResponse.status(HttpStatus.FOUND)
          .header(HttpHeaders.LOCATION, "/login?next=" + encode(target(request)));
    }
    String page =
        UiPages.page("no-access")
            .replace("{{user}}", Html.escape(who.getName()))
            .replace("{{groups}}", Html.escape(groupList(who)));
    return HttpResponse.status(HttpStatus.FORBIDDEN)
        .contentType(MediaType.TEXT_HTML_TYPE)
        .body(page);
  }

  static boolean isApi(String path) {
    return path.startsWith("/api/") || path.startsWith("/v1/");
  }

  private static String noRole(Authentication who) {
    return "Signed in as "
        + who.getName()
        + " (groups: "
        + groupList(who)
        + "), which no group mapping gives a role.";
  }

  private static String groupList(Authentication who) {
    List<String> groups = Authentications.groups(who);
    return groups.isEmpty() ? "none" : String.join(", ", groups);
  }

  private static MutableHttpResponse<?> json(HttpStatus status, String code, String message) {
    return HttpResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(Map.of("error", code, "message", message));
  }

  static String target(HttpRequest<?> request) {
    String query = request.getUri().getRawQuery();
    return request.getUri().getRawPath() + (query == null ? "" : "?" + query);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
