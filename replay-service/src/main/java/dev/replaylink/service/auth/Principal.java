package dev.replaylink.service.auth;

import java.util.Set;

/**
 * Who reads: a token's name, its role and the projects it may see (resolved, never
 * empty-means-all).
 */
public record Principal(String name, Role role, Set<String> projects) {
  public enum Role {
    VIEWER,
    ADMIN;

    static Role parse(String value, String key) {
      if ("viewer".equalsIgnoreCase(value)) {
        return VIEWER;
      }
      if ("admin".equalsIgnoreCase(value)) {
        return ADMIN;
      }
      throw new IllegalArgumentException(key + " must be 'viewer' or 'admin', got: " + value);
    }
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
