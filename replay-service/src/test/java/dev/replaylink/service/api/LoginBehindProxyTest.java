package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.api.LoginThrottleTest.forgetFailures;
import static dev.replaylink.service.api.LoginThrottleTest.signIn;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy (here the test client's own address) the throttle counts per forwarded
 * client: one client's failures do not lock out the others who share the proxy's address.
 */
@MicronautTest
@Property(name = "replaylink.ui.trusted-proxies", value = "127.0.0.0/8,::1")
class LoginBehindProxyTest {
  @Inject
  EmbeddedServer server;
  @Inject
  DataSource dataSource;
  Http http;

  @BeforeEach
  void setUp() throws SQLException {
    http = new Http(server.getURL().toString());
    forgetFailures(dataSource);
  }

  @AfterEach
  void tearDown() throws SQLException {
    forgetFailures(dataSource);
  }

  @Test
  void throttleCountsTheForwardedClient() {
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = signIn(http, "guess-" + i, "192.0.2.200, 203.0.113.7");
      assertTrue(r.headers().firstValue("Location").orElseThrow().contains("error=1"));
    }
    HttpResponse<String> blocked = signIn(http, ADMIN_TOKEN, "203.0.113.7");
    assertTrue(blocked.headers().firstValue("Location").orElseThrow().contains("error=throttled"), "the guessing client waits");

    HttpResponse<String> other = signIn(http, ADMIN_TOKEN, "203.0.113.8");
    assertTrue(other.headers().firstValue("Location").orElseThrow().equals("/sessions"), "another client behind the proxy signs in: "
        + other.headers().map());
    assertTrue(other.headers().firstValue("Set-Cookie").isPresent());
  }
}
