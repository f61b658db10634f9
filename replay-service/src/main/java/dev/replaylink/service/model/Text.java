package dev.replaylink.service.model;

/** Free text on its way into a text column. */
public final class Text {
  /** What a NUL becomes in stored free text: the Unicode replacement character. */
  public static final char NUL_REPLACEMENT = '\uFFFD';

  private Text() {}

  /**
   * The text with every U+0000 replaced by U+FFFD. PostgreSQL text columns refuse NUL (H2 would
   * keep it), so free text such as marker labels is cleaned here, identically on both databases,
   * instead of failing the whole write. Null stays null.
   */
  public static String withoutNul(String s) {
    return s == null || s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', NUL_REPLACEMENT);
  }
}
