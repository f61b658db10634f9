package dev.replaylink.service.auth;

import dev.replaylink.service.model.SignIn;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Who a stored sign-in is now: a token sign-in has its token's role and projects (none once the
 * token is no longer configured); an OIDC sign-in has those its groups map to today, or no role at
 * all.
 */
@Singleton
final class SignInResolver {
  private final TokenRegistry tokens;
  private final GroupMappings groups;

  SignInResolver(TokenRegistry tokens, GroupMappings groups) {
    this.tokens = tokens;
    this.groups = groups;
  }

  Optional<Authentication> resolve(SignIn who) {
    if (SignIn.TOKEN.equals(who.kind())) {
      return tokens
          .byName(who.subject())
          .map(p -> Authentications.of(p, who.kind(), who.groups(), who.email()));
    }
    return Optional.of(ofGroups(who.subject(), who.kind(), who.groups(), who.email()));
  }

  /** The authentication of a person known by name and groups (OIDC or auth proxy). */
  Authentication ofGroups(String name, String kind, java.util.List<String> memberOf, String email) {
    return groups
        .principal(name, memberOf)
        .map(p -> Authentications.of(p, kind, memberOf, email))
        .orElseGet(() -> Authentications.withoutRole(name, kind, memberOf, email));
  }
}
