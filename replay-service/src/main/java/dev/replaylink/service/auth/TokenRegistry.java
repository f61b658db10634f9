package dev.replaylink.service.auth;

import dev.replaylink.service.config.ApiTokenConfiguration;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API tokens that read recordings (and, for admins, delete them). Tokens are kept as digests and
 * compared in constant time. With no token configured, an admin token is generated for local use.
 */
@Singleton
public final class TokenRegistry {
  private record Entry(String name, byte[] digest, Principal.Role role, List<String> projects) {}

  private final List<Entry> entries = new ArrayList<>();
  private final ProjectRegistry projects;
  private final String generatedAdminToken;

  TokenRegistry(
      List<ApiTokenConfiguration> configured, ProjectRegistry projects, LocalDefaults defaults) {
    this.projects = projects;
    for (ApiTokenConfiguration tc :
        merge(
            configured,
            dev.replaylink.service.config.ApiTokensFromEnvironment.read(System.getenv()))) {
      String key = "replaylink.api-tokens." + tc.getName();
      if (tc.getToken() == null || tc.getToken().length() < 16) {
        throw new IllegalStateException(key + ".token must be set (at least 16 characters)");
      }
      for (String p : tc.getProjects()) {
        if (projects.byName(p).isEmpty()) {
          throw new IllegalStateException(key + ".projects names an unknown project: " + p);
        }
      }
      entries.add(
          new Entry(
              tc.getName(),
              Secrets.digest(tc.getToken()),
              Principal.Role.parse(tc.getRole(), key + ".role"),
              tc.getProjects()));
    }
    if (entries.isEmpty()) {
      generatedAdminToken = defaults.secret(LocalDefaults.ADMIN_TOKEN, "rl_at_");
      entries.add(
          new Entry(
              "local-admin", Secrets.digest(generatedAdminToken), Principal.Role.ADMIN, List.of()));
    } else {
      generatedAdminToken = null;
    }
  }

  private static List<ApiTokenConfiguration> merge(
      List<ApiTokenConfiguration> configured, List<ApiTokenConfiguration> fromEnv) {
    List<ApiTokenConfiguration> all = new ArrayList<>(configured);
    for (ApiTokenConfiguration env : fromEnv) {
      if (configured.stream().noneMatch(c -> c.getName().equals(env.getName()))) {
        all.add(env);
      }
    }
    return all;
  }

  /**
   * The principal of a presented token; every entry is compared in constant time ({@link
   * Secrets#findMatch}).
   */
  public Optional<Principal> authenticate(String token) {
    return Secrets.findMatch(token, entries, Entry::digest).map(this::principal);
  }

  /** The principal for a token name (UI login sessions store the name, never the token). */
  public Optional<Principal> byName(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst().map(this::principal);
  }

  private Principal principal(Entry e) {
    Set<String> visible =
        new LinkedHashSet<>(e.projects().isEmpty() ? projects.names() : e.projects());
    return new Principal(e.name(), e.role(), Set.copyOf(visible));
  }

  public Optional<String> generatedAdminToken() {
    return Optional.ofNullable(generatedAdminToken);
  }
}
