package dev.replaylink.service.auth;

import java.util.List;
import java.util.regex.Pattern;

/** A project as the service uses it, from configuration or from the local-development defaults. */
public record Project(String name, byte[] ingestKeyDigest, List<String> allowedOrigins, int retentionDays, List<Pattern> blockedUrlPatterns) {

  /** Whether a browser at {@code origin} may send recordings; null origin means a non-browser client. */
  public boolean allowsOrigin(String origin) {
    if (allowedOrigins.contains("*")) {
      return true;
    }
    return origin != null && allowedOrigins.contains(stripSlash(origin));
  }

  /** Whether a page URL is excluded from recording for this project. */
  public boolean blocksUrl(String url) {
    if (url == null) {
      return false;
    }
    for (Pattern p : blockedUrlPatterns) {
      if (p.matcher(url).matches()) {
        return true;
      }
    }
    return false;
  }

  static String stripSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }
}
