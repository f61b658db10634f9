package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy (here the test client's own address) the throttle counts per forwarded
 * client: one client's failures do not lock out the others who share the proxy's address.
 */
@MicronautTest
@Property(name = "replaylink.ui.trusted-proxies", value = "127.0.0.0/8,::1")
class LoginBehindProxyTest extends LoginThrottleFixture {
  @Test
  void throttleCountsTheForwardedClient() {
    failTenTimes("192.0.2.200, 203.0.113.7");
    assertRedirect(
        signIn(ADMIN_TOKEN, "203.0.113.7"), "error=throttled", "the guessing client waits");

    HttpResponse<String> other = signIn(ADMIN_TOKEN, "203.0.113.8");
    assertTrue(
        other.headers().firstValue("Location").orElseThrow().equals("/sessions"),
        "another client behind the proxy signs in: " + other.headers().map());
    assertTrue(other.headers().firstValue("Set-Cookie").isPresent());
  }
}
