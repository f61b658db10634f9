package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The login cookie's flags on a service whose public URL is plain http: {@code Secure} only when
 * the request reached a TLS-terminating proxy ({@code X-Forwarded-Proto: https}), {@code HttpOnly}
 * and {@code SameSite=Lax} always. (With an https public URL it is always Secure: QueryAuthTest.)
 */
@MicronautTest
@Property(name = "replaylink.public-url", value = "http://replay.internal.example:8080")
class SessionCookieTest extends EmbeddedServiceTest {
  @Test
  void plainHttpCookieIsNotSecure() {
    List<String> attributes = loginCookieAttributes(null);
    assertFalse(
        attributes.contains("secure"),
        "a Secure cookie would never come back over plain http: " + attributes);
    assertProtectedFromScriptsAndOtherSites(attributes);
  }

  @Test
  void cookieBehindAnHttpsProxyIsSecure() {
    for (String proto : List.of("https", "HTTPS")) {
      List<String> attributes = loginCookieAttributes(proto);
      assertTrue(
          attributes.contains("secure"),
          "X-Forwarded-Proto: " + proto + " means the browser sees https: " + attributes);
      assertProtectedFromScriptsAndOtherSites(attributes);
    }
  }

  @Test
  void forwardedPlainHttpCookieIsNotSecure() {
    assertFalse(loginCookieAttributes("http").contains("secure"));
  }

  private static void assertProtectedFromScriptsAndOtherSites(List<String> attributes) {
    assertTrue(attributes.contains("httponly"), "scripts cannot read the cookie: " + attributes);
    assertTrue(
        attributes.contains("samesite=lax"), "other sites' requests don't carry it: " + attributes);
    assertTrue(attributes.contains("path=/"), attributes.toString());
  }

  /**
   * The attributes of the login cookie (lower case, name=value pair first), signing in with or
   * without X-Forwarded-Proto.
   */
  private List<String> loginCookieAttributes(String forwardedProto) {
    HttpRequest.Builder request =
        http.request("/login")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + VIEWER_TOKEN + "&next=/sessions"));
    if (forwardedProto != null) {
      request.header("X-Forwarded-Proto", forwardedProto);
    }
    HttpResponse<String> login = http.send(request);
    assertEquals(303, login.statusCode(), login.body());
    String cookie =
        login
            .headers()
            .firstValue("Set-Cookie")
            .orElseThrow(() -> new AssertionError("no cookie: " + login.headers()));
    return Arrays.stream(cookie.split(";")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
  }
}
