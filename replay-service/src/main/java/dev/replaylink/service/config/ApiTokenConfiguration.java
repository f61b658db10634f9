package dev.replaylink.service.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * One API token: {@code replaylink.api-tokens.<name>.*}. Tokens read recordings; admins also
 * delete.
 */
@EachProperty("replaylink.api-tokens")
public class ApiTokenConfiguration {
  public static final String DEFAULT_ROLE = "viewer";

  private final String name;
  private String token;
  private String role = DEFAULT_ROLE;
  private List<String> projects = List.of();

  public ApiTokenConfiguration(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  /** {@code viewer} or {@code admin}. */
  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  /** Projects this token may read; empty = all projects. */
  public List<String> getProjects() {
    return projects;
  }

  public void setProjects(List<String> projects) {
    this.projects = projects == null ? List.of() : List.copyOf(projects);
  }
}
