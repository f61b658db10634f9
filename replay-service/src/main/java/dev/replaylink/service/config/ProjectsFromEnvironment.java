package dev.replaylink.service.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code REPLAYLINK_PROJECTS_<NAME>_INGEST_KEY}, {@code _ALLOWED_ORIGINS}, {@code _RETENTION_DAYS},
 * {@code _BLOCKED_URL_PATTERNS} and {@code _ASSET_ORIGINS} (lists comma-separated) from the environment; {@code <NAME>} is the
 * project name in upper case with {@code _} for {@code -}. The framework's own mapping of such
 * variables cannot tell where a name with an underscore ends ({@code BACK_OFFICE_INGEST_KEY} becomes a
 * project {@code back} without a key), so these variables are kept from it
 * ({@link #handledVariables}) and read here; a project configured both ways keeps the configuration
 * file's values.
 */
public final class ProjectsFromEnvironment {
  static final String PREFIX = "REPLAYLINK_PROJECTS_";
  private static final List<String> FIELDS = List.of("INGEST_KEY", "ALLOWED_ORIGINS", "RETENTION_DAYS", "BLOCKED_URL_PATTERNS", "ASSET_ORIGINS");

  private ProjectsFromEnvironment() {}

  public static List<ProjectConfiguration> read(Map<String, String> env) {
    Map<String, ProjectConfiguration> byName = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String rest = key.substring(PREFIX.length());
      for (String field : FIELDS) {
        if (rest.endsWith("_" + field) && rest.length() > field.length() + 1) {
          String name = rest.substring(0, rest.length() - field.length() - 1).toLowerCase(Locale.ROOT).replace('_', '-');
          ProjectConfiguration c = byName.computeIfAbsent(name, ProjectConfiguration::new);
          String value = e.getValue();
          switch (field) {
            case "INGEST_KEY" -> c.setIngestKey(value);
            case "ALLOWED_ORIGINS" -> c.setAllowedOrigins(list(value));
            case "BLOCKED_URL_PATTERNS" -> c.setBlockedUrlPatterns(list(value));
            case "ASSET_ORIGINS" -> c.setAssetOrigins(list(value));
            default -> {
              try {
                c.setRetentionDays(Integer.parseInt(value.trim()));
              } catch (NumberFormatException ex) {
                throw new IllegalStateException(key + " must be a whole number of days, not '" + value + "'", ex);
              }
            }
          }
          break;
        }
      }
    }
    return new ArrayList<>(byName.values());
  }

  /**
   * The environment variables read by this class and {@link ApiTokensFromEnvironment}, which the
   * framework's environment mapping must not see.
   */
  public static String[] handledVariables(Map<String, String> env) {
    return env.keySet().stream().filter(k -> k.startsWith(PREFIX) || k.startsWith(ApiTokensFromEnvironment.PREFIX)).toArray(String[]::new);
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
