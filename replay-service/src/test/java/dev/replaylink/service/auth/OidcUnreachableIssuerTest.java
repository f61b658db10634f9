package dev.replaylink.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An OIDC issuer that cannot be reached: the start-up check names it, the service still starts and
 * serves token sign-in, and an OIDC sign-in attempt gets a clear answer and no session.
 */
@MicronautTest
@Property(name = "replaylink.public-url", value = "http://localhost")
@Property(name = "replaylink.auth.oidc.enabled", value = "true")
@Property(name = "replaylink.auth.oidc.issuer", value = OidcUnreachableIssuerTest.ISSUER)
@Property(name = "replaylink.auth.oidc.client-id", value = "replaylink")
class OidcUnreachableIssuerTest extends EmbeddedServiceTest {
  static final String ISSUER = "http://127.0.0.1:9/realms/unreachable";

  @Inject OidcIssuerCheck check;

  @Test
  void theStartUpCheckNamesTheKeyAndTheCause() {
    String problem = check.problem().orElseThrow();
    assertTrue(
        problem.startsWith(
            "replaylink.auth.oidc.issuer "
                + ISSUER
                + " is not usable: cannot read "
                + ISSUER
                + "/.well-known/openid-configuration"),
        problem);
  }

  @Test
  void aSignInAttemptGetsAClearAnswerAndNoSession() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> start =
        client.send(
            HttpRequest.newBuilder(URI.create(server.getURL() + "/login/oidc")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> login =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.getURL() + start.headers().firstValue("Location").orElseThrow()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(502, login.statusCode(), login.body());
    assertTrue(
        login.body().contains("Sign-in failed")
            && login.body().contains("replaylink.auth.oidc.issuer " + ISSUER),
        login.body());
    HttpResponse<String> me =
        client.send(
            HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/me")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, me.statusCode());
  }

  @Test
  void aMissingIssuerStopsTheStartUpNamingTheKey() {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                ApplicationContext.run(
                        Map.of(
                            "replaylink.auth.oidc.enabled",
                            "true",
                            "replaylink.auth.oidc.client-id",
                            "replaylink",
                            "datasources.default.url",
                            "jdbc:h2:mem:oidc-missing-issuer"))
                    .close());
    Throwable t = e;
    boolean named = false;
    while (t != null) {
      named |= String.valueOf(t.getMessage()).contains("replaylink.auth.oidc.issuer must be set");
      t = t.getCause();
    }
    assertTrue(named, String.valueOf(e));
  }
}
