package dev.replaylink.service.auth;

import io.micronaut.security.authentication.Authentication;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The framework's {@link Authentication} as this service fills it: roles from {@link Roles}, and as
 * attributes how the person signed in, their groups, e-mail and visible projects. One place builds
 * it and one reads it back into a {@link Principal}.
 */
public final class Authentications {
  public static final String KIND = "kind";
  public static final String GROUPS = "groups";
  public static final String EMAIL = "email";
  public static final String PROJECTS = "projects";
  public static final String SESSION = "signInSession";

  private Authentications() {}

  /**
   * A person who may read, as {@code principal} says; {@code groups} and {@code email} only for
   * display and audit.
   */
  static Authentication of(Principal principal, String kind, List<String> groups, String email) {
    List<String> roles =
        principal.isAdmin() ? List.of(Roles.VIEWER, Roles.ADMIN) : List.of(Roles.VIEWER);
    return Authentication.build(
        principal.name(), roles, attributes(kind, groups, email, principal.projects()));
  }

  /** A person known but given no role by any group mapping: signed in, yet refused everywhere. */
  static Authentication withoutRole(String name, String kind, List<String> groups, String email) {
    return Authentication.build(name, List.of(), attributes(kind, groups, email, List.of()));
  }

  private static Map<String, Object> attributes(
      String kind, List<String> groups, String email, Collection<String> projects) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(KIND, kind);
    attributes.put(GROUPS, List.copyOf(groups));
    if (email != null) {
      attributes.put(EMAIL, email);
    }
    attributes.put(PROJECTS, List.copyOf(projects));
    return attributes;
  }

  /** The reader behind an authentication; empty when it holds no role. */
  public static Optional<Principal> principal(Authentication a) {
    Collection<String> roles = a.getRoles();
    if (!roles.contains(Roles.VIEWER)) {
      return Optional.empty();
    }
    Principal.Role role =
        roles.contains(Roles.ADMIN) ? Principal.Role.ADMIN : Principal.Role.VIEWER;
    return Optional.of(
        new Principal(a.getName(), role, Set.copyOf(strings(a.getAttributes().get(PROJECTS)))));
  }

  public static List<String> groups(Authentication a) {
    return strings(a.getAttributes().get(GROUPS));
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Collection<?> c) {
      for (Object o : c) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }
}
