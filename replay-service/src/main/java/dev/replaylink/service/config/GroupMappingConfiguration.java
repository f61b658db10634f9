package dev.replaylink.service.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * What members of one group of the identity provider (OIDC groups claim, or the auth proxy's groups
 * header) may do: {@code replaylink.auth.group-mappings.<group>.role} ({@code viewer} or {@code
 * admin}) and {@code .projects} (empty = all projects).
 */
@EachProperty(GroupMappingConfiguration.PREFIX)
public class GroupMappingConfiguration {
  public static final String PREFIX = "replaylink.auth.group-mappings";

  private final String group;
  private String role;
  private List<String> projects = List.of();

  public GroupMappingConfiguration(@Parameter String group) {
    this.group = group;
  }

  public String getGroup() {
    return group;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public List<String> getProjects() {
    return projects;
  }

  public void setProjects(List<String> projects) {
    this.projects = projects == null ? List.of() : projects;
  }
}
