package dev.replaylink.service.model;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of a project's {@code blocked-url-patterns}, matched exactly as the snippet's {@code
 * excludeUrls} matches its strings (agent-snippet {@code gate.js}):
 *
 * <ul>
 *   <li>written {@code /…/}: the regular expression between the slashes, found anywhere in the page
 *       URL ({@code ^} and {@code $} anchor it when written);
 *   <li>any other string: a substring of the page URL. A string holding regular-expression
 *       operators ({@code * + ? | ( ) [ ] { } ^ $ \}) that compiles as one also blocks the URLs it
 *       matches as a whole, which is how 0.1 read every pattern, so configurations written then
 *       block what they did.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class UrlPattern {
  private static final Pattern OPERATORS = Pattern.compile("[*+?|()\\[\\]{}^$\\\\]");

  private final String source;
  private final Pattern found;
  private final Pattern whole;

  private UrlPattern(String source, Pattern found, Pattern whole) {
    this.source = source;
    this.found = found;
    this.whole = whole;
  }

  /**
   * @throws IllegalArgumentException when the pattern is empty, or written {@code /…/} and not a
   *     valid regular expression
   */
  public static UrlPattern parse(String source) {
    if (source == null || source.isEmpty()) {
      throw new IllegalArgumentException("an empty pattern would block every page");
    }
    if (isRegex(source)) {
      try {
        return new UrlPattern(
            source, Pattern.compile(source.substring(1, source.length() - 1)), null);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid regular expression " + source + ": " + e.getDescription(), e);
      }
    }
    Pattern whole = null;
    if (OPERATORS.matcher(source).find()) {
      try {
        whole = Pattern.compile(source);
      } catch (PatternSyntaxException e) {
        whole = null; // not a regular expression: a substring only
      }
    }
    return new UrlPattern(source, null, whole);
  }

  /** Whether the pattern is written {@code /…/} (a regular expression found anywhere). */
  static boolean isRegex(String source) {
    return source.length() > 2 && source.startsWith("/") && source.endsWith("/");
  }

  public boolean matches(String url) {
    if (url == null) {
      return false;
    }
    if (found != null) {
      return found.matcher(url).find();
    }
    return url.contains(source) || whole != null && whole.matcher(url).matches();
  }

  /** How the pattern matches, in words, for the start-up log. */
  public String describe() {
    if (found != null) {
      return "regular expression " + found.pattern() + " found anywhere in the page URL";
    }
    return "page URLs containing \""
        + source
        + "\""
        + (whole == null
            ? ""
            : ", or matching it as a regular expression over the whole URL (as in 0.1)");
  }

  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }
}
