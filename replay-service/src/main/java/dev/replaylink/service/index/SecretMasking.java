package dev.replaylink.service.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The privacy net for request detail and span attributes: values under keys that look secret
 * (password, token, authorization, cookie, card, …; the same list the recorder masks in the
 * browser) become {@value #MASKED}, and all other text goes through the configured patterns of
 * {@link PrivacyFilter} (card numbers, e-mails, custom). Thread-safe.
 */
@Singleton
public final class SecretMasking {
  public static final String MASKED = "[masked]";

  /** Substrings of a key (case-insensitive) whose value is never kept. */
  public static final List<String> SECRET_KEYS =
      List.of(
          "password",
          "passwd",
          "token",
          "secret",
          "authorization",
          "cookie",
          "card",
          "cvv",
          "iban",
          "ssn");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrivacyFilter privacy;

  public SecretMasking(PrivacyFilter privacy) {
    this.privacy = privacy;
  }

  public static boolean isSecretKey(String key) {
    if (key == null) {
      return false;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    for (String s : SECRET_KEYS) {
      if (lower.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Masks secret-keyed string and number values in text that only looks like JSON; a plain scan, no
   * backtracking.
   */
  private static String maskPairs(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (text.charAt(i) != '"') {
        out.append(text.charAt(i++));
        continue;
      }
      int end = stringEnd(text, i);
      String key = text.substring(i + 1, Math.max(i + 1, end - 1));
      out.append(text, i, end);
      i = end;
      int j = skipSpace(text, i);
      if (j < n && text.charAt(j) == ':' && isSecretKey(key)) {
        j = skipSpace(text, j + 1);
        out.append(text, i, j);
        int valueEnd = j;
        if (j < n && text.charAt(j) == '"') {
          valueEnd = stringEnd(text, j);
        } else {
          while (valueEnd < n && "-+.eE0123456789".indexOf(text.charAt(valueEnd)) >= 0) {
            valueEnd++;
          }
        }
        if (valueEnd > j) {
          out.append('"').append(MASKED).append('"');
        }
        i = valueEnd;
      }
    }
    return out.toString();
  }

  /**
   * Index after the closing quote of the JSON string starting at {@code start}, or the text's end.
   */
  private static int stringEnd(String text, int start) {
    int k = start + 1;
    while (k < text.length()) {
      char c = text.charAt(k);
      if (c == '\\') {
        k += 2;
      } else if (c == '"') {
        return k + 1;
      } else {
        k++;
      }
    }
    return text.length();
  }

  private static int skipSpace(String text, int from) {
    int k = from;
    while (k < text.length() && Character.isWhitespace(text.charAt(k))) {
      k++;
    }
    return k;
  }

  /** The text with the configured patterns masked. */
  public String text(String text) {
    if (text == null) {
      return null;
    }
    String masked = privacy.maskText(text);
    return masked == null ? text : masked;
  }

  /**
   * The value to keep under {@code key}: {@value #MASKED} for a secret-looking key, else {@link
   * #text}.
   */
  public String value(String key, String value) {
    return isSecretKey(key) ? MASKED : text(value);
  }

  /** Replaces, in place, the values under secret-looking keys at any depth of a JSON tree. */
  public static void maskKeys(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        if (isSecretKey(f.getKey()) && !f.getValue().isNull()) {
          f.setValue(TextNode.valueOf(MASKED));
        } else {
          maskKeys(f.getValue());
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode child : a) {
        maskKeys(child);
      }
    }
  }

  /**
   * A recorded body with the values under secret-looking keys masked: JSON is parsed and written
   * back compactly; text that only looks like JSON (cut at the recorder's size limit) has each
   * {@code "secret-key": "value"} or {@code "secret-key": 123} pair masked where it stands.
   */
  public static String maskKeysOnly(String body) {
    String trimmed = body == null ? "" : body.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        JsonNode tree = JSON.readTree(trimmed);
        maskKeys(tree);
        return JSON.writeValueAsString(tree);
      } catch (JsonProcessingException e) {
        return maskPairs(body);
      }
    }
    return body;
  }
}
