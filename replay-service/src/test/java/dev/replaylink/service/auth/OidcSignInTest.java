package dev.replaylink.service.auth;

import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OIDC sign-in against a real provider started by the test: redirect with PKCE, callback, session,
 * group mapping to roles and projects, sign-out, the 403 page, and refused callbacks.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcSignInTest extends EmbeddedServiceTest implements TestPropertyProvider {
  OidcServer oidc;

  @Override
  public Map<String, String> getProperties() {
    oidc = OidcServer.start();
    Map<String, String> props = new java.util.HashMap<>();
    oidc.serviceProperties().forEach((k, v) -> props.put(k, String.valueOf(v)));
    return props;
  }

  @AfterAll
  void stop() {
    oidc.close();
  }

  /** One browser: its own cookies, redirects followed by hand so each hop can be checked. */
  final class Browser {
    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(String url) {
      return send(HttpRequest.newBuilder(resolve(url)).GET().build());
    }

    HttpResponse<String> post(String url) {
      return send(
          HttpRequest.newBuilder(resolve(url))
              .header("Origin", origin())
              .POST(HttpRequest.BodyPublishers.noBody())
              .build());
    }

    HttpResponse<String> send(HttpRequest request) {
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Follows redirects from {@code url} until an answer that is not one; returns it. */
    HttpResponse<String> follow(String url) {
      HttpResponse<String> r = get(url);
      for (int hops = 0; hops < 10 && r.statusCode() / 100 == 3; hops++) {
        r = get(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()).toString());
      }
      return r;
    }
  }

  URI resolve(String url) {
    return url.startsWith("http") ? URI.create(url) : URI.create(server.getURL() + url);
  }

  String origin() {
    return server.getURL().toString();
  }

  @Test
  void anAdminSignsInAndLandsOnTheDeepLinkWithTheMappedRole() {
    Browser b = new Browser();
    HttpResponse<String> toLogin = b.get("/replay/some-session?t=1760000000000");
    assertEquals(302, toLogin.statusCode());
    assertEquals(
        "/login?next=%2Freplay%2Fsome-session%3Ft%3D1760000000000",
        toLogin.headers().firstValue("Location").orElseThrow());
    assertTrue(
        b.get("/login").body().contains("/login/oidc"), "the sign-in page offers single sign-on");

    HttpResponse<String> start =
        b.get("/login/oidc?next=%2Freplay%2Fsome-session%3Ft%3D1760000000000");
    HttpResponse<String> authorize = b.get(start.headers().firstValue("Location").orElseThrow());
    String provider = authorize.headers().firstValue("Location").orElseThrow();
    assertTrue(provider.startsWith(oidc.issuer()), provider);
    assertTrue(
        provider.contains("code_challenge_method=S256") && provider.contains("code_challenge="),
        "PKCE: " + provider);
    assertTrue(provider.contains("state=") && provider.contains("nonce="), provider);

    oidc.nextSignIn("alice", List.of("replay-admins", "unrelated"));
    HttpResponse<String> callback = b.get(provider);
    assertEquals(302, callback.statusCode(), "the provider sends the browser back");
    HttpResponse<String> landed = b.get(callback.headers().firstValue("Location").orElseThrow());
    assertEquals(303, landed.statusCode(), landed.body());
    assertEquals(
        "/replay/some-session?t=1760000000000",
        landed.headers().firstValue("Location").orElseThrow());

    HttpResponse<String> me = b.get("/api/v1/me");
    assertEquals(200, me.statusCode(), me.body());
    assertEquals("alice", json(me).get("user").asText());
    assertEquals("admin", json(me).get("role").asText());
    assertEquals("oidc", json(me).get("signIn").asText());
    assertEquals(
        List.of("other", "shop"),
        List.of(
            json(me).get("projects").get(0).asText(), json(me).get("projects").get(1).asText()));

    assertEquals(303, b.post("/logout").statusCode());
    assertEquals(
        302, b.get("/sessions").statusCode(), "signed out on the server: the session is gone");
  }

  @Test
  void aViewerGroupSeesOnlyItsProjects() {
    Browser b = new Browser();
    HttpResponse<String> me = signIn(b, "bob", List.of("shop-support"));
    assertEquals(200, me.statusCode(), me.body());
    assertEquals("viewer", json(me).get("role").asText());
    assertEquals("shop", json(me).get("projects").get(0).asText());
    assertEquals(1, json(me).get("projects").size());
    HttpResponse<String> delete =
        b.send(
            HttpRequest.newBuilder(resolve("/api/v1/sessions/some-session"))
                .header("Origin", origin())
                .DELETE()
                .build());
    assertEquals(403, delete.statusCode());
  }

  @Test
  void aPersonInNoMappedGroupGetsA403PageNamingThemNotALoop() {
    Browser b = new Browser();
    signIn(b, "carol", List.of("marketing", "<b>interns</b>"));
    HttpResponse<String> page = b.get("/sessions");
    assertEquals(403, page.statusCode());
    assertTrue(page.body().contains("carol"), page.body());
    assertTrue(page.body().contains("marketing, &lt;b&gt;interns&lt;/b&gt;"), page.body());
    HttpResponse<String> api = b.get("/api/v1/sessions");
    assertEquals(403, api.statusCode());
    assertTrue(json(api).get("message").asText().contains("carol"));
  }

  @Test
  void anExpiredIdTokenStartsNoSession() {
    Browser b = new Browser();
    HttpResponse<String> answer = signInRaw(b, "mallory", List.of("replay-admins"), -3600);
    assertEquals(401, answer.statusCode(), answer.body());
    assertTrue(
        answer.body().contains("Sign-in failed"), answer.headers().map() + " " + answer.body());
    assertFalse(
        answer.headers().allValues("Set-Cookie").stream()
            .anyMatch(c -> c.startsWith("rl_session=") && !c.startsWith("rl_session=;")));
    assertEquals(401, b.get("/api/v1/me").statusCode());
  }

  @Test
  void aCallbackWithAWrongOrReplayedStateStartsNoSession() {
    Browser b = new Browser();
    HttpResponse<String> start = b.get("/login/oidc");
    String provider =
        b.get(start.headers().firstValue("Location").orElseThrow())
            .headers()
            .firstValue("Location")
            .orElseThrow();
    oidc.nextSignIn("mallory", List.of("replay-admins"));
    String callback = b.get(provider).headers().firstValue("Location").orElseThrow();
    String forged = callback.replaceFirst("state=[^&]+", "state=forged");
    HttpResponse<String> wrong = b.get(forged);
    assertEquals(401, wrong.statusCode(), wrong.body());
    assertEquals(401, b.get("/api/v1/me").statusCode());

    Browser other = new Browser();
    HttpResponse<String> replayed = other.get(callback);
    assertEquals(
        401,
        replayed.statusCode(),
        "a callback replayed in another browser has no state cookie: " + replayed.body());
    assertEquals(401, other.get("/api/v1/me").statusCode());

    HttpResponse<String> genuine = b.get(callback);
    assertEquals(
        303, genuine.statusCode(), "the genuine callback still signs in: " + genuine.body());
    assertEquals(
        401, b.get(callback).statusCode(), "the same callback once more: its state was used up");
  }

  HttpResponse<String> signIn(Browser b, String user, List<String> groups) {
    HttpResponse<String> landed = signInRaw(b, user, groups, 3600);
    assertEquals(303, landed.statusCode(), landed.body());
    return b.get("/api/v1/me");
  }

  HttpResponse<String> signInRaw(Browser b, String user, List<String> groups, long expirySeconds) {
    HttpResponse<String> start = b.get("/login/oidc");
    String provider =
        b.get(start.headers().firstValue("Location").orElseThrow())
            .headers()
            .firstValue("Location")
            .orElseThrow();
    oidc.nextSignIn(user, groups, expirySeconds);
    HttpResponse<String> callback = b.get(provider);
    return b.get(callback.headers().firstValue("Location").orElseThrow());
  }
}
