package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Guessing tokens at the sign-in form is slowed down. No trusted proxy is configured here, so a
 * client cannot escape the throttle by sending its own X-Forwarded-For.
 */
@MicronautTest
class LoginThrottleTest extends LoginThrottleFixture {
  @Test
  void repeatedFailedSignInsAreThrottled() {
    failTenTimes(null);
    HttpResponse<String> blocked = signIn(ADMIN_TOKEN, null);
    assertRedirect(blocked, "error=throttled", "even the right token waits");
    assertTrue(blocked.headers().firstValue("Set-Cookie").isEmpty());
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() {
    for (int i = 0; i < 10; i++) {
      signIn("guess-" + i, "203.0.113." + i);
    }
    assertRedirect(
        signIn(ADMIN_TOKEN, "198.51.100.77"), "error=throttled", "counted by the socket address");
  }
}
