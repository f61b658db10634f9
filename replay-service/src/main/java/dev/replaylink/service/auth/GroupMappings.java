package dev.replaylink.service.auth;

import dev.replaylink.service.config.GroupMappingConfiguration;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Roles and projects of people who sign in through the identity provider or the auth proxy, from
 * their groups ({@code replaylink.auth.group-mappings.*}). A person in several mapped groups gets
 * the highest of their roles and the union of their projects (a mapping without projects means
 * all). Invalid mappings fail start-up with a message naming the key. Immutable and thread-safe.
 */
@Singleton
public final class GroupMappings {
  private record Mapping(Principal.Role role, List<String> projects) {}

  private final Map<String, Mapping> mappings = new LinkedHashMap<>();
  private final ProjectRegistry projects;

  GroupMappings(List<GroupMappingConfiguration> configured, ProjectRegistry projects) {
    this.projects = projects;
    for (GroupMappingConfiguration c : configured) {
      String key = GroupMappingConfiguration.PREFIX + "." + c.getGroup();
      for (String p : c.getProjects()) {
        if (projects.byName(p).isEmpty()) {
          throw new IllegalStateException(key + ".projects names an unknown project: " + p);
        }
      }
      mappings.put(
          c.getGroup(),
          new Mapping(
              Principal.Role.parse(c.getRole(), key + ".role"), List.copyOf(c.getProjects())));
    }
  }

  /** The reader that a person with these groups is; empty when none of the groups is mapped. */
  public Optional<Principal> principal(String name, List<String> groups) {
    Principal.Role role = null;
    Set<String> visible = new LinkedHashSet<>();
    for (String g : groups) {
      Mapping m = mappings.get(g);
      if (m == null) {
        continue;
      }
      role = role == Principal.Role.ADMIN ? role : m.role();
      visible.addAll(m.projects().isEmpty() ? projects.names() : m.projects());
    }
    return role == null
        ? Optional.empty()
        : Optional.of(new Principal(name, role, Set.copyOf(visible)));
  }

  public boolean isEmpty() {
    return mappings.isEmpty();
  }
}
