package dev.replaylink.service.ui;

import dev.replaylink.service.api.Identifiers;
import dev.replaylink.service.audit.AuditLog;
import dev.replaylink.service.auth.ClientAddress;
import dev.replaylink.service.auth.LoginThrottle;
import dev.replaylink.service.auth.Principal;
import dev.replaylink.service.auth.ReadAuthenticator;
import dev.replaylink.service.auth.Roles;
import dev.replaylink.service.auth.TokenRegistry;
import dev.replaylink.service.auth.UiSessions;
import dev.replaylink.service.config.OidcConfiguration;
import dev.replaylink.service.config.ReplaylinkConfiguration;
import dev.replaylink.service.index.TraceIds;
import dev.replaylink.service.model.AuditEntry;
import dev.replaylink.service.model.SignIn;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.storage.MarkerStore;
import dev.replaylink.service.storage.SessionSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Browser pages: login, replay, trace redirect, session list and insights. Pages are static HTML
 * whose scripts call the v1 API. Pages are for viewers; a visit without sign-in goes to the login
 * page and comes back afterwards ({@link AccessDeniedHandler}).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.VIEWER)
final class UiController {
  static final String SSO_LINK =
      "<p><a id=\"sso\" class=\"button\" href=\"/login/oidc\">Sign in with single sign-on</a></p>";

  private final ReadAuthenticator auth;
  private final TokenRegistry tokens;
  private final UiSessions uiSessions;
  private final MarkerStore reader;
  private final ReplaylinkConfiguration config;
  private final LoginThrottle throttle;
  private final ClientAddress clientAddress;
  private final ReplayPagePolicy replayPolicy;
  private final SessionCookies cookies;
  private final OidcConfiguration oidc;
  private final SessionSearch sessions;
  private final AuditLog audit;

  UiController(
      ReadAuthenticator auth,
      TokenRegistry tokens,
      UiSessions uiSessions,
      MarkerStore reader,
      ReplaylinkConfiguration config,
      LoginThrottle throttle,
      ClientAddress clientAddress,
      ReplayPagePolicy replayPolicy,
      SessionCookies cookies,
      OidcConfiguration oidc,
      SessionSearch sessions,
      AuditLog audit) {
    this.sessions = sessions;
    this.audit = audit;
    this.cookies = cookies;
    this.oidc = oidc;
    this.replayPolicy = replayPolicy;
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
  @Secured(SecurityRule.IS_ANONYMOUS)
  String loginPage() {
    String page = UiPages.page("login");
    return oidc.isEnabled() ? page.replace("<!--sso-->", SSO_LINK) : page;
  }

  /** Starts an OIDC sign-in, keeping the page wanted in a short-lived cookie for the way back. */
  @Get("/login/oidc")
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<?> loginOidc(HttpRequest<?> request, @Nullable @QueryValue String next) {
    if (!oidc.isEnabled()) {
      return found("/login");
    }
    return found("/oauth/login/" + OidcConfiguration.CLIENT_NAME)
        .cookie(cookies.next(safeNext(next), request));
  }

  @Post(uri = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  @Secured(SecurityRule.IS_ANONYMOUS)
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
    String id = uiSessions.create(SignIn.token(principal.get().name()));
    return HttpResponse.seeOther(URI.create(target)).cookie(cookies.session(id, request));
  }

  @Post(
      uri = "/logout",
      consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<?> logout(HttpRequest<?> request) {
    request
        .getCookies()
        .findCookie(UiSessions.COOKIE)
        .ifPresent(c -> uiSessions.delete(c.getValue()));
    return HttpResponse.seeOther(URI.create("/login"))
        .cookie(SessionCookies.cleared(UiSessions.COOKIE));
  }

  @Get(uri = "/replay/{sessionId}", produces = MediaType.TEXT_HTML)
  HttpResponse<?> replay(HttpRequest<?> request, @PathVariable String sessionId) {
    Principal p = auth.require(request);
    if (Identifiers.ID.matcher(sessionId).matches()) {
      sessions
          .session(p.projects(), sessionId)
          .ifPresent(s -> audit.record(request, AuditEntry.VIEW, s.project(), s.sessionId(), null));
    }
    return HttpResponse.ok(UiPages.page("replay"))
        .contentType(MediaType.TEXT_HTML_TYPE)
        .header(SecurityHeadersFilter.CSP_HEADER, replayPolicy.forSession(p, sessionId));
  }

  @Get("/replay/trace/{traceId}")
  HttpResponse<?> replayTrace(HttpRequest<?> request, @PathVariable String traceId) {
    Principal p = auth.require(request);
    String trace = TraceIds.normalize(traceId);
    List<TraceLink> links = trace == null ? List.of() : reader.traceLinks(p.projects(), trace);
    if (links.isEmpty()) {
      return HttpResponse.notFound(UiPages.page("trace-not-found"))
          .contentType(MediaType.TEXT_HTML_TYPE);
    }
    TraceLink first = links.get(0);
    return found("/replay/" + first.sessionId() + "?t=" + first.timestamp());
  }

  @Get(uri = "/sessions", produces = MediaType.TEXT_HTML)
  HttpResponse<?> sessions(HttpRequest<?> request) {
    return page(request, "sessions");
  }

  @Get(uri = "/audit", produces = MediaType.TEXT_HTML)
  @Secured(Roles.ADMIN)
  HttpResponse<?> auditPage(HttpRequest<?> request) {
    return page(request, "audit");
  }

  @Get(uri = "/insights", produces = MediaType.TEXT_HTML)
  HttpResponse<?> insights(HttpRequest<?> request) {
    return page(request, "insights");
  }

  private HttpResponse<?> page(HttpRequest<?> request, String name) {
    return HttpResponse.ok(UiPages.page(name)).contentType(MediaType.TEXT_HTML_TYPE);
  }

  private static MutableHttpResponse<?> found(String location) {
    return HttpResponse.status(io.micronaut.http.HttpStatus.FOUND)
        .header(io.micronaut.http.HttpHeaders.LOCATION, location);
  }

  /** Only local paths, so the login page cannot be used to send users elsewhere. */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")
        || next.contains("\r")
        || next.contains("\n")) {
      return "/sessions";
    }
    return next;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
