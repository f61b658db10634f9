package dev.replaylink.service.storage.jdbc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The key that groups markers of one kind across sessions for insights: a failed request by {@code
 * METHOD /path} (IDs in the path replaced by {@code {id}}, query and host dropped), every other
 * marker by its label ("Type: message", a selector, a backend error's label).
 */
final class MarkerGroups {
  static final int MAX_KEY = 512;
  private static final String ARROW = " → ";
  private static final Pattern ID_SEGMENT =
      Pattern.compile(
          "\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}|[A-Za-z0-9_-]{24,}");

  private MarkerGroups() {}

  /** Never null for a marker with a label; null when there is nothing to group by. */
  static String keyFor(String kind, String label) {
    if (label == null) {
      return null;
    }
    String key = "network".equals(kind) ? endpoint(label) : label;
    return key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
  }

  /**
   * {@code "POST https://shop.example.com/api/orders/42?x=1 → 502"} becomes {@code "POST
   * /api/orders/{id}"}.
   */
  static String endpoint(String label) {
    int arrow = label.lastIndexOf(ARROW);
    String request = arrow < 0 ? label : label.substring(0, arrow);
    int space = request.indexOf(' ');
    if (space < 0) {
      return label;
    }
    String method = request.substring(0, space);
    String url = request.substring(space + 1).trim();
    return method + " " + templatePath(path(url));
  }

  private static String path(String url) {
    String cut = url;
    int end = indexOfAny(cut, '?', '#');
    if (end >= 0) {
      cut = cut.substring(0, end);
    }
    try {
      URI uri = new URI(cut);
      if (uri.getRawPath() != null && (uri.getScheme() != null || cut.startsWith("/"))) {
        return uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      }
    } catch (URISyntaxException e) {
      // not a URI: keep the text as it is
    }
    return cut;
  }

  private static String templatePath(String path) {
    String[] parts = path.split("/", -1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(ID_SEGMENT.matcher(parts[i]).matches() ? "{id}" : parts[i]);
    }
    return b.toString();
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
  }
}
