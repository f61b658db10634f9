package dev.replaylink.service.auth;

import dev.replaylink.service.config.OidcConfiguration;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.oauth2.endpoint.authorization.state.State;
import io.micronaut.security.oauth2.endpoint.token.response.DefaultOpenIdAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdClaims;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdTokenResponse;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Who a validated ID token names: the user (preferred_username, else e-mail, else subject), e-mail,
 * and the groups of {@code replaylink.auth.oidc.groups-claim} (a list, or one string). The token
 * itself is not kept. Roles come later, from the group mappings, each time the session is used.
 */
@Singleton
@Replaces(DefaultOpenIdAuthenticationMapper.class)
@Requires(property = OidcConfiguration.PREFIX + ".enabled", value = "true")
final class OidcAuthenticationMapper implements OpenIdAuthenticationMapper {
  private final OidcConfiguration config;

  OidcAuthenticationMapper(OidcConfiguration config) {
    this.config = config;
  }

  @Override
  public Publisher<AuthenticationResponse> createAuthenticationResponse(
      String providerName, OpenIdTokenResponse tokenResponse, OpenIdClaims claims, State state) {
    String name = first(claims.getPreferredUsername(), claims.getEmail(), claims.getSubject());
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(Authentications.KIND, "oidc");
    attributes.put(Authentications.GROUPS, groups(claims.get(config.getGroupsClaim())));
    if (claims.getEmail() != null) {
      attributes.put(Authentications.EMAIL, claims.getEmail());
    }
    return Publishers.just(AuthenticationResponse.success(name, List.of(), attributes));
  }

  static List<String> groups(Object claim) {
    List<String> groups = new ArrayList<>();
    if (claim instanceof Collection<?> c) {
      c.forEach(g -> groups.add(String.valueOf(g)));
    } else if (claim instanceof String s && !s.isBlank()) {
      for (String g : s.split(",")) {
        if (!g.isBlank()) {
          groups.add(g.trim());
        }
      }
    }
    return groups;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return "unknown";
  }
}
