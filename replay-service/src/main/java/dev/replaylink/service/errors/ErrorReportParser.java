package dev.replaylink.service.errors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.api.Identifiers;
import dev.replaylink.service.index.TraceIds;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses and validates an error report body. Every field is checked before anything is stored; the
 * first violation becomes a 400 naming the field. Unknown fields are ignored so that reporters may
 * send more than this version reads. Thread-safe.
 */
public final class ErrorReportParser {
  static final Pattern SOURCE = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,31}$");
  static final Pattern EVENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
  static final int MAX_TYPE = 256;
  static final int MAX_MESSAGE = 4096;
  static final int MAX_LINK = 2048;
  static final int MAX_BODY = 64 * 1024;

  private final ObjectMapper mapper;

  public ErrorReportParser() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(32).build())
            .build();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.mapper =
        JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  public ErrorReport parse(byte[] json) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed_json", "The body is not valid JSON.");
    } catch (IOException e) {
      throw ApiException.badRequest("malformed_json", "The body could not be read as JSON.");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("malformed_json", "The body must be a JSON object.");
    }
    String sessionId = required(root, "sessionId");
    if (!Identifiers.ID.matcher(sessionId).matches()) {
      throw ApiException.badRequest(
          RefusalReasons.INVALID_ID, "'sessionId' must match " + Identifiers.ID.pattern() + ".");
    }
    long timestamp = timestamp(root);
    String traceId = optional(root, "traceId", 64);
    if (traceId != null) {
      traceId = TraceIds.normalize(traceId);
      if (traceId == null) {
        throw invalid("traceId", "a W3C trace ID (32 hex digits, not all zero)");
      }
    }
    String source = required(root, "source").toLowerCase(Locale.ROOT);
    if (!SOURCE.matcher(source).matches()) {
      throw invalid(
          "source",
          "a lower-case name such as \"sentry\" (letters, digits, '.', '_', '-'; at most 32)");
    }
    String eventId = optional(root, "eventId", 128);
    if (eventId != null && !EVENT_ID.matcher(eventId).matches()) {
      throw invalid("eventId", "1 to 128 letters, digits, '.', '_', ':' or '-'");
    }
    String type = optional(root, "type", MAX_TYPE);
    String message = optional(root, "message", MAX_MESSAGE);
    String link = optional(root, "link", MAX_LINK);
    if (link != null && !isAbsoluteHttp(link)) {
      throw invalid("link", "an absolute http(s) URL");
    }
    return new ErrorReport(sessionId, timestamp, traceId, source, eventId, type, message, link);
  }

  private static long timestamp(JsonNode root) {
    JsonNode v = root.get("timestamp");
    if (v == null || v.isNull()) {
      throw ApiException.badRequest(
          "missing_field", "'timestamp' is required (epoch milliseconds).");
    }
    if (!v.isIntegralNumber()
        || !v.canConvertToLong()
        || v.asLong() <= 0
        || v.asLong() > Identifiers.MAX_SAFE_INTEGER) {
      throw invalid("timestamp", "a positive integer (epoch milliseconds)");
    }
    return v.asLong();
  }

  private static String required(JsonNode root, String field) {
    String value = optional(root, field, 256);
    if (value == null) {
      throw ApiException.badRequest("missing_field", "'" + field + "' is required.");
    }
    return value;
  }

  /**
   * A string field of at most {@code max} characters, or null when absent or JSON null. Empty
   * strings are refused.
   */
  private static String optional(JsonNode root, String field, int max) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > max) {
      throw invalid(field, "a string of 1 to " + max + " characters");
    }
    return v.asText();
  }

  private static boolean isAbsoluteHttp(String link) {
    try {
      URI uri = new URI(link);
      String scheme = uri.getScheme();
      return uri.isAbsolute()
          && uri.getHost() != null
          && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static ApiException invalid(String field, String expected) {
    return ApiException.badRequest("invalid_field", "'" + field + "' must be " + expected + ".");
  }
}
