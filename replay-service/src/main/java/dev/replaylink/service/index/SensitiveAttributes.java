package dev.replaylink.service.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recorded attributes that hold what a visitor typed or who they are, masked by the privacy net
 * whatever the client sent, by the same rules as the snippet's balanced mode (agent-snippet {@code
 * privacy.js}): every {@code value} attribute (an option's or a button's value, a token in a hidden
 * field), except the number an {@code li}, {@code meter} or {@code progress} draws; in {@code
 * data-*} attributes, e-mail addresses and token-like runs (16 or more word characters, {@code +},
 * {@code =} or {@code -} with at least two digits and two letters). Also says which elements are
 * {@code contenteditable}, whose text the net masks like a form field's. Stateless.
 */
final class SensitiveAttributes {
  private static final Set<String> NUMERIC_VALUE = Set.of("li", "meter", "progress");
  private static final Pattern NUMBER = Pattern.compile("[\\d.+-]*");
  private static final Pattern EMAIL =
      Pattern.compile("[^\\s@\"'<>]+@[^\\s@\"'<>]+\\.[A-Za-z]{2,}");
  private static final Pattern TOKEN = Pattern.compile("[\\w+=-]{16,}");
  private static final Pattern TWO_DIGITS = Pattern.compile("\\d.*\\d");
  private static final Pattern TWO_LETTERS = Pattern.compile("[A-Za-z].*[A-Za-z]");

  private SensitiveAttributes() {}

  /**
   * Masks the attributes of one element in place.
   *
   * @param tag the element's tag name, or null when not known (an attribute mutation): then every
   *     {@code value} is masked
   */
  static void mask(String tag, ObjectNode attributes) {
    Iterator<Map.Entry<String, JsonNode>> it = attributes.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> a = it.next();
      if (!a.getValue().isTextual() || a.getValue().asText().isEmpty()) {
        continue;
      }
      String v = a.getValue().asText();
      if (a.getKey().equals("value")) {
        if (tag == null || !NUMERIC_VALUE.contains(tag) || !NUMBER.matcher(v).matches()) {
          a.setValue(attributes.textNode(PrivacyFilter.stars(v)));
        }
      } else if (a.getKey().startsWith("data-")) {
        String masked = secrets(v);
        if (!masked.equals(v)) {
          a.setValue(attributes.textNode(masked));
        }
      }
    }
  }

  /**
   * Whether these attributes make an element editable ({@code contenteditable} other than "false").
   */
  static boolean editable(JsonNode attributes) {
    JsonNode v = attributes == null ? null : attributes.get("contenteditable");
    return v != null && !v.isNull() && !"false".equals(v.asText().trim().toLowerCase(Locale.ROOT));
  }

  static String secrets(String value) {
    String out = replace(EMAIL.matcher(value), false);
    return replace(TOKEN.matcher(out), true);
  }

  private static String replace(Matcher m, boolean tokensOnly) {
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String found = m.group();
      boolean mask =
          !tokensOnly || TWO_DIGITS.matcher(found).find() && TWO_LETTERS.matcher(found).find();
      m.appendReplacement(sb, Matcher.quoteReplacement(mask ? PrivacyFilter.stars(found) : found));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
