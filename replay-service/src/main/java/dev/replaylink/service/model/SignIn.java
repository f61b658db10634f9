package dev.replaylink.service.model;

import java.util.List;

/**
 * Who a browser sign-in session belongs to, as kept with the session: how they signed in, their
 * name (a token's name, or the OIDC user), e-mail when known, and their groups. Roles and projects
 * are not kept: they follow the configuration of the moment (API tokens, group mappings).
 *
 * @param kind {@link #TOKEN} or {@link #OIDC}
 */
public record SignIn(String kind, String subject, String email, List<String> groups) {
  public static final String TOKEN = "token";
  public static final String OIDC = "oidc";

  public SignIn {
    groups = List.copyOf(groups);
  }

  public static SignIn token(String tokenName) {
    return new SignIn(TOKEN, tokenName, null, List.of());
  }
}
