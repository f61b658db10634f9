package dev.replaylink.service.auth;

import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OIDC provider in this JVM (mock-oauth2-server: discovery, authorize, token and JWKS
 * endpoints, signed ID tokens) and the service configuration that points at it.
 */
public final class OidcServer implements AutoCloseable {
  public static final String ISSUER_ID = "replaylink-test";
  public static final String CLIENT_ID = "replaylink";

  private final MockOAuth2Server server;

  private OidcServer(MockOAuth2Server server) {
    this.server = server;
  }

  /** A provider that signs in whoever the next {@link #nextSignIn} names, without a login page. */
  public static OidcServer start() {
    MockOAuth2Server s = new MockOAuth2Server();
    s.start();
    return new OidcServer(s);
  }

  /**
   * A provider with a login page: the person types a user name and the claims (JSON) of their ID
   * token.
   */
  public static OidcServer startInteractive() {
    MockOAuth2Server s =
        new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\":true}"));
    s.start();
    return new OidcServer(s);
  }

  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /**
   * The ID token of the next sign-in names {@code user} in {@code groups}, for {@code audience}.
   */
  public void nextSignIn(String user, List<String> groups) {
    nextSignIn(user, groups, 3600);
  }

  /**
   * As {@link #nextSignIn(String, List)}, with the ID token expiring {@code expirySeconds} after
   * issue (negative: already expired).
   */
  public void nextSignIn(String user, List<String> groups, long expirySeconds) {
    server.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER_ID,
            user,
            "JWT",
            List.of(CLIENT_ID),
            Map.of("preferred_username", user, "email", user + "@example.com", "groups", groups),
            expirySeconds));
  }

  public Map<String, Object> serviceProperties() {
    return Map.of(
        "replaylink.public-url", "http://localhost",
        "replaylink.auth.oidc.enabled", "true",
        "replaylink.auth.oidc.issuer", issuer(),
        "replaylink.auth.oidc.client-id", CLIENT_ID,
        "replaylink.auth.oidc.client-secret", "replaylink-test-secret",
        "replaylink.auth.group-mappings.replay-admins.role", "admin",
        "replaylink.auth.group-mappings.shop-support.role", "viewer",
        "replaylink.auth.group-mappings.shop-support.projects", "shop");
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
