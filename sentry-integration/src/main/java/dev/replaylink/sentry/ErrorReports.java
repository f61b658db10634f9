package dev.replaylink.sentry;

/**
 * The JSON body of {@code POST /api/v1/errors} (docs/api.md): {@code
 * {"sessionId","timestamp","traceId"?,"source":"sentry","eventId","type"?,"message"?,"link"?}}.
 */
final class ErrorReports {
  static final int MAX_TYPE = 256;
  static final int MAX_MESSAGE = 1000;

  private ErrorReports() {}

  static String json(
      String sessionId,
      long timestamp,
      String traceId,
      String eventId,
      String type,
      String message,
      String link) {
    StringBuilder json = new StringBuilder(256).append('{');
    field(json, "sessionId", sessionId);
    json.append(",\"timestamp\":").append(timestamp);
    if (traceId != null) {
      json.append(',');
      field(json, "traceId", traceId);
    }
    json.append(',');
    field(json, "source", "sentry");
    json.append(',');
    field(json, "eventId", eventId);
    optional(json, "type", truncate(type, MAX_TYPE));
    optional(json, "message", truncate(message, MAX_MESSAGE));
    optional(json, "link", link);
    return json.append('}').toString();
  }

  private static void optional(StringBuilder json, String name, String value) {
    if (value != null && !value.isEmpty()) {
      json.append(',');
      field(json, name, value);
    }
  }

  private static String truncate(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(max - 2)) ? max - 2 : max - 1;
    return value.substring(0, end) + "…";
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":\"");
    if (!needsEscaping(value)) {
      json.append(value).append('"');
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  private static boolean needsEscaping(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029) {
        return true;
      }
    }
    return false;
  }
}
