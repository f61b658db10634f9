package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.TestObjects.randomTraceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every UI page and asset, signed in or not, is served with the full Content-Security-Policy and
 * the related headers, so that recorded DOM shown on these pages can neither run nor call out.
 */
@MicronautTest
class UiSecurityHeadersTest extends EmbeddedServiceTest {
  /**
   * The policy, directive by directive, written out here so that a weakened policy fails this test.
   */
  static final Map<String, String> POLICY =
      policy(
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
              + " img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; frame-src 'self' blob:;"
              + " child-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/login",
        "/sessions",
        "/insights",
        "/replay/SESSION",
        "/replay/SESSION?t=1760000000000",
        "/replay/trace/TRACE",
        "/",
        "/ui/replay.js",
        "/ui/app.css",
        "/sdk/player.js"
      })
  void pagesCarryTheFullPolicy(String template) {
    String path =
        template.replace("SESSION", randomId("unknown-sess")).replace("TRACE", randomTraceId());
    HttpResponse<String> anonymous = http.send(http.request(path).GET());
    assertHeaders(path + " signed out", anonymous);
    HttpResponse<String> signedIn =
        http.send(http.request(path).header("Cookie", loginCookie()).GET());
    assertTrue(signedIn.statusCode() < 500, path + ": " + signedIn.statusCode());
    assertHeaders(path + " signed in (" + signedIn.statusCode() + ")", signedIn);
  }

  private static void assertHeaders(String what, HttpResponse<String> r) {
    String csp = r.headers().firstValue("Content-Security-Policy").orElse(null);
    assertTrue(csp != null, what + " has no Content-Security-Policy: " + r.headers().map());
    assertEquals(
        1,
        r.headers().allValues("Content-Security-Policy").size(),
        what + ": one policy, not several");
    assertEquals(POLICY, policy(csp), what);
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), what);
    assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null), what);
    assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), what);
  }

  /**
   * Directive name to its sources, normalized (order of directives and extra spaces don't matter).
   */
  static Map<String, String> policy(String header) {
    return Arrays.stream(header.split(";"))
        .map(String::trim)
        .filter(d -> !d.isEmpty())
        .collect(
            Collectors.toMap(
                d -> d.split("\\s+", 2)[0],
                d -> d.contains(" ") ? d.split("\\s+", 2)[1].trim().replaceAll("\\s+", " ") : "",
                (a, b) -> {
                  throw new AssertionError("directive repeated: " + a + " / " + b);
                },
                LinkedHashMap::new));
  }

  private String loginCookie() {
    HttpResponse<String> login =
        http.send(
            http.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token=" + VIEWER_TOKEN + "&next=/sessions")));
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    return cookie.substring(0, cookie.indexOf(';'));
  }
}
