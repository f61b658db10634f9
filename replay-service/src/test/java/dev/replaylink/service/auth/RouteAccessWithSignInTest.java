package dev.replaylink.service.auth;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * {@link RouteAccessTest} with OIDC and the auth proxy enabled, so the routes they add (the
 * framework's OIDC login and callback) are enumerated and checked as well.
 */
@MicronautTest
@Property(name = RouteAccessTest.PROBE, value = "true")
@Property(name = "replaylink.auth.oidc.enabled", value = "true")
@Property(name = "replaylink.auth.oidc.issuer", value = "http://127.0.0.1:9/realms/route-check")
@Property(name = "replaylink.auth.oidc.client-id", value = "replaylink")
@Property(name = "replaylink.auth.proxy.enabled", value = "true")
class RouteAccessWithSignInTest extends RouteAccessTest {
  @Override
  boolean oidcRoutesExpected() {
    return true;
  }
}
