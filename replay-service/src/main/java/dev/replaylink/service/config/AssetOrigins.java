package dev.replaylink.service.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Origins that go into the replay page's Content-Security-Policy as sources of recorded images,
 * styles, fonts and media. Only {@code http(s)://host[:port]} (a leading {@code *.} label allowed)
 * is accepted: anything else could widen the policy ({@code *}, {@code https:}) or break out of the
 * header ({@code ;}, spaces, quotes).
 */
public final class AssetOrigins {
  private static final Pattern ORIGIN =
      Pattern.compile("https?://(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?");

  private AssetOrigins() {}

  /**
   * The configured {@code asset-origins} without a trailing slash; fails naming {@code key} on an
   * entry that is not an origin.
   */
  public static List<String> parse(String key, List<String> configured) {
    List<String> out = new ArrayList<>();
    for (String raw : configured) {
      String origin = strip(raw);
      if (!isOrigin(origin)) {
        throw new IllegalStateException(
            key
                + " entries must be origins such as https://cdn.example.com or https://*.example.net, not '"
                + raw
                + "'");
      }
      out.add(origin);
    }
    return List.copyOf(out);
  }

  /**
   * Those of {@code origins} usable as policy sources; {@code *} and anything that is not an origin
   * are left out.
   */
  public static List<String> usable(List<String> origins) {
    return origins.stream().map(AssetOrigins::strip).filter(AssetOrigins::isOrigin).toList();
  }

  static boolean isOrigin(String s) {
    return ORIGIN.matcher(s).matches();
  }

  private static String strip(String s) {
    String t = s == null ? "" : s.trim();
    return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
  }
}
