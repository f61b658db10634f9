package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.Arrays;
import java.util.List;

/**
 * OIDC sign-in (authorization code with PKCE): {@code replaylink.auth.oidc.*}. The values are
 * handed to the framework's OAuth 2.0 client {@code oidc} by application.yml; this class validates
 * them and gives the groups claim.
 */
@ConfigurationProperties(OidcConfiguration.PREFIX)
public class OidcConfiguration {
  public static final String PREFIX = "replaylink.auth.oidc";
  public static final String CLIENT_NAME = "oidc";
  public static final String DEFAULT_SCOPES = "openid profile email";
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  private boolean enabled;
  private String issuer = "";
  private String clientId = "";
  private String clientSecret = "";
  private String scopes = DEFAULT_SCOPES;
  private String groupsClaim = DEFAULT_GROUPS_CLAIM;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer == null ? "" : issuer.trim();
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId == null ? "" : clientId.trim();
  }

  public String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret == null ? "" : clientSecret;
  }

  /** Space- (or comma-) separated, as OAuth writes them. */
  public String getScopes() {
    return scopes;
  }

  public void setScopes(String scopes) {
    this.scopes = scopes == null || scopes.isBlank() ? DEFAULT_SCOPES : scopes;
  }

  public List<String> scopeList() {
    return Arrays.stream(scopes.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
  }

  public String getGroupsClaim() {
    return groupsClaim;
  }

  public void setGroupsClaim(String groupsClaim) {
    this.groupsClaim =
        groupsClaim == null || groupsClaim.isBlank() ? DEFAULT_GROUPS_CLAIM : groupsClaim.trim();
  }
}
