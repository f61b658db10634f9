package dev.replaylink.service.ui;

import dev.replaylink.service.auth.ClientAddress;
import dev.replaylink.service.auth.LoginThrottle;
import dev.replaylink.service.auth.Principal;
import dev.replaylink.service.auth.ReadAuthenticator;
import dev.replaylink.service.auth.TokenRegistry;
import dev.replaylink.service.auth.UiSessions;
import dev.replaylink.service.config.ReplaylinkConfiguration;
import dev.replaylink.service.index.TraceIds;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.storage.RecordingReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Browser pages: login, replay, trace redirect, session list and insights. Pages are static HTML whose scripts
 * call the v1 API; an unauthenticated visit goes to the login page and comes back afterwards.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class UiController {
  private final ReadAuthenticator auth;
  private final TokenRegistry tokens;
  private final UiSessions uiSessions;
  private final RecordingReader reader;
  private final ReplaylinkConfiguration config;
  private final LoginThrottle throttle;
  private final ClientAddress clientAddress;

  UiController(ReadAuthenticator auth, TokenRegistry tokens, UiSessions uiSessions, RecordingReader reader, ReplaylinkConfiguration config,
      LoginThrottle throttle, ClientAddress clientAddress) {
    this.throttle = throttle;
    this.clientAddress = clientAddress;
    this.auth = auth;
    this.tokens = tokens;
    this.uiSessions = uiSessions;
    this.reader = reader;
    this.config = config;
  }

  @Get("/")
  HttpResponse<?> home() {
    return HttpResponse.seeOther(URI.create("/sessions"));
  }

  @Get(uri = "/login", produces = MediaType.TEXT_HTML)
  String loginPage() {
    return UiPages.page("login");
  }

  @Post(uri = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> login(HttpRequest<?> request, @Nullable String token, @Nullable String next) {
    String target = safeNext(next);
    String client = clientAddress.of(request);
    if (!throttle.allowed(client)) {
      return HttpResponse.seeOther(URI.create("/login?error=throttled&next=" + encode(target)));
    }
    Optional<Principal> principal = tokens.authenticate(token == null ? null : token.trim());
    if (principal.isEmpty()) {
      throttle.failed(client);
      return HttpResponse.seeOther(URI.create("/login?error=1&next=" + encode(target)));
    }
    throttle.succeeded(client);
    String id = uiSessions.create(principal.get().name());
    Cookie cookie = Cookie.of(UiSessions.COOKIE, id).httpOnly(true).sameSite(SameSite.Lax).path("/")
        .maxAge(UiSessions.LIFETIME).secure(isHttps(request));
    return HttpResponse.seeOther(URI.create(target)).cookie(cookie);
  }

  @Post(uri = "/logout", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
  HttpResponse<?> logout(HttpRequest<?> request) {
    request.getCookies().findCookie(UiSessions.COOKIE).ifPresent(c -> uiSessions.delete(c.getValue()));
    return HttpResponse.seeOther(URI.create("/login")).cookie(Cookie.of(UiSessions.COOKIE, "").path("/").maxAge(0));
  }

  @Get(uri = "/replay/{sessionId}", produces = MediaType.TEXT_HTML)
  HttpResponse<?> replay(HttpRequest<?> request, @PathVariable String sessionId) {
    return page(request, "replay");
  }

  @Get("/replay/trace/{traceId}")
  HttpResponse<?> replayTrace(HttpRequest<?> request, @PathVariable String traceId) {
    Optional<Principal> p = auth.find(request);
    if (p.isEmpty()) {
      return toLogin(request);
    }
    String trace = TraceIds.normalize(traceId);
    List<TraceLink> links = trace == null ? List.of() : reader.traceLinks(p.get().projects(), trace);
    if (links.isEmpty()) {
      return HttpResponse.notFound(UiPages.page("trace-not-found")).contentType(MediaType.TEXT_HTML_TYPE);
    }
    TraceLink first = links.get(0);
    return found("/replay/" + first.sessionId() + "?t=" + first.timestamp());
  }

  @Get(uri = "/sessions", produces = MediaType.TEXT_HTML)
  HttpResponse<?> sessions(HttpRequest<?> request) {
    return page(request, "sessions");
  }

  @Get(uri = "/insights", produces = MediaType.TEXT_HTML)
  HttpResponse<?> insights(HttpRequest<?> request) {
    return page(request, "insights");
  }

  private HttpResponse<?> page(HttpRequest<?> request, String name) {
    if (auth.find(request).isEmpty()) {
      return toLogin(request);
    }
    return HttpResponse.ok(UiPages.page(name)).contentType(MediaType.TEXT_HTML_TYPE);
  }

  private static HttpResponse<?> toLogin(HttpRequest<?> request) {
    String target = request.getUri().getRawPath() + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
    return found("/login?next=" + encode(target));
  }

  private static HttpResponse<?> found(String location) {
    return HttpResponse.status(io.micronaut.http.HttpStatus.FOUND).header(io.micronaut.http.HttpHeaders.LOCATION, location);
  }

  /** Only local paths, so the login page cannot be used to send users elsewhere. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.contains("\r") || next.contains("\n")) {
      return "/sessions";
    }
    return next;
  }

  private boolean isHttps(HttpRequest<?> request) {
    String proto = request.getHeaders().get("X-Forwarded-Proto");
    return "https".equalsIgnoreCase(proto) || request.isSecure() || config.getPublicUrl().startsWith("https://");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
