package dev.replaylink.service.auth;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.security.annotation.Secured;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Deny by default, checked on the running service: every route it serves states who may call it,
 * and every route outside the listed public ones refuses a caller without credentials.
 */
@MicronautTest
@Property(name = RouteAccessTest.PROBE, value = "true")
class RouteAccessTest extends EmbeddedServiceTest {
  static final String PROBE = "route-access-test.probe";
  static final String PROBE_ROUTE = "GET /probe-without-rule";

  /**
   * Routes anyone may call: sign-in pages, health probes, and the write endpoints with their own
   * key checks.
   */
  static final Set<String> PUBLIC =
      Set.of(
          "GET /login",
          "POST /login",
          "POST /logout",
          "GET /login/oidc",
          "GET /oauth/login/oidc",
          "GET /oauth/callback/oidc",
          "POST /oauth/callback/oidc",
          "GET /health",
          "GET /health/{selector}",
          "POST /api/v1/ingest",
          "POST /v1/traces",
          "POST /api/v1/errors",
          "OPTIONS /api/v1/ingest",
          "OPTIONS /v1/traces",
          "OPTIONS /api/v1/errors");

  @Inject Router router;

  @Test
  void everyRouteStatesAnAccessRuleAndOnlyTheListedOnesArePublic() {
    Set<String> problems = new TreeSet<>();
    Set<String> seen = new TreeSet<>();
    router
        .uriRoutes()
        .forEach(
            route -> {
              String key = route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString();
              if (!seen.add(key)) {
                return;
              }
              if (!statesRule(route)) {
                problems.add(key + " states no access rule");
              }
              String asGet = key.replaceFirst("^HEAD ", "GET ");
              if (PUBLIC.contains(key) || PUBLIC.contains(asGet)) {
                return;
              }
              HttpResponse<String> r =
                  http.send(
                      http.request(sample(route.getUriMatchTemplate().toString()))
                          .method(route.getHttpMethodName(), HttpRequest.BodyPublishers.noBody()));
              boolean refused =
                  r.statusCode() == 401
                      || r.statusCode() == 302
                          && r.headers()
                              .firstValue("Location")
                              .orElse("")
                              .startsWith("/login?next=");
              if (!refused) {
                problems.add(key + " answered " + r.statusCode() + " without credentials");
              }
            });
    assertEquals(
        new TreeSet<>(
            List.of(
                PROBE_ROUTE + " states no access rule",
                "HEAD /probe-without-rule states no access rule")),
        problems,
        "routes: " + seen);
    for (String listed : PUBLIC) {
      if (oidcRoutesExpected() || !listed.contains("/oauth/")) {
        assertTrue(
            seen.contains(listed), "listed public route " + listed + " is not served: " + seen);
      }
    }
  }

  @Test
  void aRouteWithoutRuleIsRefusedEvenToAnAdmin() {
    HttpResponse<String> anonymous = http.get("/probe-without-rule", null);
    assertEquals(302, anonymous.statusCode());
    assertEquals(
        "/login?next=%2Fprobe-without-rule",
        anonymous.headers().firstValue("Location").orElseThrow());
    assertEquals(403, http.get("/probe-without-rule", ADMIN_TOKEN).statusCode());
  }

  @Test
  void staticAssetsArePublicAndHoldNoRecordedData() {
    assertEquals(200, http.get("/sdk/replaylink.js", null).statusCode());
    assertEquals(200, http.get("/ui/app.css", null).statusCode());
  }

  /** Whether the framework's OIDC routes are served (only when OIDC is enabled). */
  boolean oidcRoutesExpected() {
    return false;
  }

  private static boolean statesRule(UriRouteInfo<?, ?> route) {
    if (route.getTargetMethod().hasAnnotation(Endpoint.class)
        || route.getTargetMethod().hasDeclaredAnnotation(Endpoint.class)) {
      return true; // management endpoints: micronaut's sensitive-endpoint rule (health is the only
      // one enabled)
    }
    return route.getTargetMethod().hasAnnotation(Secured.class)
        && route.getTargetMethod().stringValues(Secured.class).length > 0;
  }

  private static String sample(String template) {
    return template
        .replaceAll("\\{/[^}]*}", "")
        .replaceAll("\\{\\?[^}]*}", "")
        .replaceAll("\\{[^}]*}", "0123456789abcdef0123456789abcdef");
  }
}
