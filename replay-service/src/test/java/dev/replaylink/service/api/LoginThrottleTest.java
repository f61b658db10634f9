package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guessing tokens at the sign-in form is slowed down. No trusted proxy is configured here, so a
 * client cannot escape the throttle by sending its own X-Forwarded-For.
 */
@MicronautTest
class LoginThrottleTest {
  static final String NEXT = URLEncoder.encode("/sessions", StandardCharsets.UTF_8);

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

  /** The failures are shared through the database; other tests of this JVM sign in from the same address. */
  @AfterEach
  void tearDown() throws SQLException {
    forgetFailures(dataSource);
  }

  static void forgetFailures(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM rl_login_failures");
    }
  }

  static HttpResponse<String> signIn(Http http, String token, String forwardedFor) {
    HttpRequest.Builder b = http.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&next=" + NEXT));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return http.send(b);
  }

  @Test
  void repeatedFailedSignInsAreThrottled() {
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = signIn(http, "guess-" + i, null);
      assertTrue(r.headers().firstValue("Location").orElseThrow().contains("error=1"));
    }
    HttpResponse<String> blocked = signIn(http, ADMIN_TOKEN, null);
    assertTrue(blocked.headers().firstValue("Location").orElseThrow().contains("error=throttled"), "even the right token waits");
    assertTrue(blocked.headers().firstValue("Set-Cookie").isEmpty());
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() {
    for (int i = 0; i < 10; i++) {
      signIn(http, "guess-" + i, "203.0.113." + i);
    }
    HttpResponse<String> blocked = signIn(http, ADMIN_TOKEN, "198.51.100.77");
    assertTrue(blocked.headers().firstValue("Location").orElseThrow().contains("error=throttled"), "counted by the socket address");
  }
}
