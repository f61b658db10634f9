package dev.replaylink.service.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code REPLAYLINK_API_TOKENS_<NAME>_TOKEN}, {@code _ROLE} and {@code _PROJECTS}
 * (comma-separated) from the environment. The framework's environment mapping cannot enumerate
 * entries under a prefix that contains a dash ({@code api-tokens}), so these variables are read
 * here; a token configured both ways keeps the configuration file's values.
 */
public final class ApiTokensFromEnvironment {
  static final String PREFIX = "REPLAYLINK_API_TOKENS_";

  private ApiTokensFromEnvironment() {}

  public static List<ApiTokenConfiguration> read(Map<String, String> env) {
    Map<String, ApiTokenConfiguration> byName = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String rest = key.substring(PREFIX.length());
      for (String field : List.of("TOKEN", "ROLE", "PROJECTS")) {
        if (rest.endsWith("_" + field) && rest.length() > field.length() + 1) {
          String name =
              rest.substring(0, rest.length() - field.length() - 1)
                  .toLowerCase(Locale.ROOT)
                  .replace('_', '-');
          ApiTokenConfiguration c = byName.computeIfAbsent(name, ApiTokenConfiguration::new);
          switch (field) {
            case "TOKEN" -> c.setToken(e.getValue());
            case "ROLE" -> c.setRole(e.getValue());
            default ->
                c.setProjects(
                    Arrays.stream(e.getValue().split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList());
          }
          break;
        }
      }
    }
    return new ArrayList<>(byName.values());
  }
}
