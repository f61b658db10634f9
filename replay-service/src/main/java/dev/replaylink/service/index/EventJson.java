package dev.replaylink.service.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Serialises validated events back to compact JSON for storage. Thread-safe. */
final class EventJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventJson() {}

  static String write(JsonNode node) {
    try {
      return escapeLoneSurrogates(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A parsed event could not be written back", e);
    }
  }

  /**
   * JSON may carry lone surrogates as escapes ({@code "\ud800"}; JavaScript strings can hold them
   * and {@code JSON.stringify} writes them so), but they have no UTF-8 form: written raw, storage
   * would turn them into '?'. They can only occur inside string literals here, so each becomes its
   * escape again and the stored event reads back exactly as sent.
   */
  static String escapeLoneSurrogates(String json) {
    int i = 0;
    int n = json.length();
    while (i < n && !Character.isSurrogate(json.charAt(i))) {
      i++;
    }
    if (i == n) {
      return json;
    }
    StringBuilder out = new StringBuilder(n + 16).append(json, 0, i);
    for (; i < n; i++) {
      char c = json.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(json.charAt(i + 1))) {
        out.append(c).append(json.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
