package dev.replaylink.service.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Sign-ins at the form for the throttle tests. The failures are counted in the database and other
 * tests of this JVM sign in from the same address, so each test starts and ends with none.
 */
abstract class LoginThrottleFixture extends EmbeddedServiceTest {
  static final String NEXT = URLEncoder.encode("/sessions", StandardCharsets.UTF_8);

  @Inject DataSource dataSource;

  @BeforeEach
  @AfterEach
  void forgetFailures() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM rl_login_failures");
    }
  }

  /**
   * POST /login with {@code token}, with an X-Forwarded-For header unless {@code forwardedFor} is
   * null.
   */
  HttpResponse<String> signIn(String token, String forwardedFor) {
    HttpRequest.Builder b =
        http.request("/login")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&next=" + NEXT));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return http.send(b);
  }

  /** Ten wrong tokens, each answered with the form's error. */
  void failTenTimes(String forwardedFor) {
    for (int i = 0; i < 10; i++) {
      assertRedirect(signIn("guess-" + i, forwardedFor), "error=1", "a wrong token");
    }
  }

  static void assertRedirect(HttpResponse<String> response, String locationPart, String why) {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new AssertionError("no redirect: " + response.headers()));
    assertTrue(location.contains(locationPart), why + ": " + location);
  }
}
