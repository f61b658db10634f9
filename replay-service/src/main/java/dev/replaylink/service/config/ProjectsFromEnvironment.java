package dev.replaylink.service.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code REPLAYLINK_PROJECTS_<NAME>_INGEST_KEY}, {@code _ALLOWED_ORIGINS}, {@code
 * _RETENTION_DAYS}, {@code _BLOCKED_URL_PATTERNS} and {@code _ASSET_ORIGINS} (lists
 * comma-separated) from the environment; {@code <NAME>} is the project name in upper case with
 * {@code _} for {@code -}. The framework's own mapping of such variables cannot tell where a name
 * with an underscore ends ({@code BACK_OFFICE_INGEST_KEY} becomes a project {@code back} without a
 * key), so these variables are kept from it ({@link #handledVariables}) and read here. As
 * everywhere in Micronaut, a variable wins over the configuration file field by field: a project in
 * both keeps the file's other fields ({@link #merge}).
 */
public final class ProjectsFromEnvironment {
  static final String PREFIX = "REPLAYLINK_PROJECTS_";
  private static final List<String> FIELDS =
      List.of(
          "INGEST_KEY",
          "ALLOWED_ORIGINS",
          "RETENTION_DAYS",
          "BLOCKED_URL_PATTERNS",
          "ASSET_ORIGINS");

  /**
   * A project's settings and where they came from: {@code file}, {@code environment}, or a mix
   * naming the variables' fields.
   */
  public record Sourced(ProjectConfiguration project, String source) {}

  private ProjectsFromEnvironment() {}

  /** Projects only from the environment (fields not set keep their defaults). */
  public static List<ProjectConfiguration> read(Map<String, String> env) {
    return merge(List.of(), env).stream().map(Sourced::project).toList();
  }

  /**
   * The configured projects with every field the environment sets replaced by its value, plus the
   * projects only the environment names. The configured objects are not changed.
   */
  public static List<Sourced> merge(
      List<ProjectConfiguration> configured, Map<String, String> env) {
    Map<String, Map<String, String>> variables = variables(env);
    List<Sourced> merged = new ArrayList<>();
    for (ProjectConfiguration file : configured) {
      Map<String, String> fields = variables.remove(file.getName());
      if (fields == null) {
        merged.add(new Sourced(file, "file"));
      } else {
        ProjectConfiguration copy = copy(file);
        fields.forEach((field, value) -> apply(copy, field, value));
        merged.add(
            new Sourced(
                copy,
                "file, with "
                    + String.join(
                        ", ", fields.keySet().stream().map(ProjectsFromEnvironment::kebab).toList())
                    + " from the environment"));
      }
    }
    variables.forEach(
        (name, fields) -> {
          ProjectConfiguration c = new ProjectConfiguration(name);
          fields.forEach((field, value) -> apply(c, field, value));
          merged.add(new Sourced(c, "environment"));
        });
    return merged;
  }

  /** Project name → field → value, in the environment's order. */
  private static Map<String, Map<String, String>> variables(Map<String, String> env) {
    Map<String, Map<String, String>> byName = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String rest = key.substring(PREFIX.length());
      for (String field : FIELDS) {
        if (rest.endsWith("_" + field) && rest.length() > field.length() + 1) {
          String name =
              rest.substring(0, rest.length() - field.length() - 1)
                  .toLowerCase(Locale.ROOT)
                  .replace('_', '-');
          byName.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(field, e.getValue());
          break;
        }
      }
    }
    return byName;
  }

  private static void apply(ProjectConfiguration c, String field, String value) {
    switch (field) {
      case "INGEST_KEY" -> c.setIngestKey(value);
      case "ALLOWED_ORIGINS" -> c.setAllowedOrigins(list(value));
      case "BLOCKED_URL_PATTERNS" -> c.setBlockedUrlPatterns(list(value));
      case "ASSET_ORIGINS" -> c.setAssetOrigins(list(value));
      default -> {
        try {
          c.setRetentionDays(Integer.parseInt(value.trim()));
        } catch (NumberFormatException ex) {
          String variable =
              PREFIX + c.getName().toUpperCase(Locale.ROOT).replace('-', '_') + "_" + field;
          throw new IllegalStateException(
              variable + " must be a whole number of days, not '" + value + "'", ex);
        }
      }
    }
  }

  private static ProjectConfiguration copy(ProjectConfiguration file) {
    ProjectConfiguration c = new ProjectConfiguration(file.getName());
    c.setIngestKey(file.getIngestKey());
    c.setAllowedOrigins(file.getAllowedOrigins());
    c.setRetentionDays(file.getRetentionDays());
    c.setBlockedUrlPatterns(file.getBlockedUrlPatterns());
    c.setAssetOrigins(file.getAssetOrigins());
    return c;
  }

  private static String kebab(String field) {
    return field.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The environment variables read by this class and {@link ApiTokensFromEnvironment}, which the
   * framework's environment mapping must not see.
   */
  public static String[] handledVariables(Map<String, String> env) {
    return env.keySet().stream()
        .filter(k -> k.startsWith(PREFIX) || k.startsWith(ApiTokensFromEnvironment.PREFIX))
        .toArray(String[]::new);
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
