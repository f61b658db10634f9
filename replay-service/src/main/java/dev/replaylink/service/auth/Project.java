package dev.replaylink.service.auth;

import dev.replaylink.service.model.UrlPattern;
import java.util.List;

/**
 * A project as the service uses it, from configuration or from the local-development defaults.
 *
 * @param assetOrigins further origins (CDNs) the replay page may load the recording's images,
 *     styles, fonts and media from, besides {@code allowedOrigins} (validated CSP host sources)
 */
public record Project(
    String name,
    byte[] ingestKeyDigest,
    List<String> allowedOrigins,
    int retentionDays,
    List<UrlPattern> blockedUrlPatterns,
    List<String> assetOrigins) {

  public Project(
      String name,
      byte[] ingestKeyDigest,
      List<String> allowedOrigins,
      int retentionDays,
      List<UrlPattern> blockedUrlPatterns) {
    this(name, ingestKeyDigest, allowedOrigins, retentionDays, blockedUrlPatterns, List.of());
  }

  /**
   * Whether a browser at {@code origin} may send recordings; null origin means a non-browser
   * client.
   */
  public boolean allowsOrigin(String origin) {
    if (allowedOrigins.contains("*")) {
      return true;
    }
    return origin != null && allowedOrigins.contains(stripSlash(origin));
  }

  /**
   * Whether a page URL is excluded from recording for this project (see {@link UrlPattern} for how
   * patterns match).
   */
  public boolean blocksUrl(String url) {
    if (url == null) {
      return false;
    }
    for (UrlPattern p : blockedUrlPatterns) {
      if (p.matches(url)) {
        return true;
      }
    }
    return false;
  }

  static String stripSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }
}
