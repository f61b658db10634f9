package dev.replaylink.service.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.replaylink.service.api.ApiException;
import io.micronaut.http.HttpStatus;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decodes an OTLP/HTTP trace export body, binary protobuf or OTLP/JSON, with the generated
 * opentelemetry-proto classes. OTLP/JSON writes trace and span IDs as hex, where the protobuf JSON
 * mapping expects base64, so those fields are converted before parsing. Stateless and thread-safe.
 */
final class OtlpTraceDecoder {
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private static final Pattern HEX_ID = Pattern.compile("^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32})$");
  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final ObjectMapper mapper;

  OtlpTraceDecoder(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The media type this decoder answers with for a request of the given Content-Type. */
  static String responseType(String contentType) {
    return isJson(contentType) ? JSON : PROTOBUF;
  }

  ExportTraceServiceRequest decode(byte[] body, String contentType) {
    if (isJson(contentType)) {
      return fromJson(body);
    }
    String type = baseType(contentType);
    if (!type.isEmpty() && !type.equals(PROTOBUF) && !type.equals("application/protobuf")) {
      throw new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "Content-Type '"
              + contentType
              + "' is not OTLP; use application/x-protobuf or application/json.");
    }
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest(
          "invalid_otlp", "The body is not a valid OTLP ExportTraceServiceRequest protobuf.");
    }
  }

  private ExportTraceServiceRequest fromJson(byte[] body) {
    try {
      JsonNode tree = mapper.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw ApiException.badRequest("invalid_otlp", "The OTLP/JSON body must be a JSON object.");
      }
      hexIdsToBase64(tree);
      ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
      JSON_PARSER.merge(mapper.writeValueAsString(tree), builder);
      return builder.build();
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest(
          "invalid_otlp", "The body is not a valid OTLP/JSON trace export: " + e.getMessage());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("invalid_json", "The body is not valid JSON.");
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("invalid_json", "The body could not be read as JSON.");
    }
  }

  /** OTLP/JSON: traceId, spanId and parentSpanId (also in links) are hex strings, not base64. */
  private static void hexIdsToBase64(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode value = field.getValue();
        if (isIdField(field.getKey())
            && value.isTextual()
            && HEX_ID.matcher(value.asText()).matches()) {
          field.setValue(TextNode.valueOf(Base64.getEncoder().encodeToString(hex(value.asText()))));
        } else {
          hexIdsToBase64(value);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        hexIdsToBase64(child);
      }
    }
  }

  private static boolean isIdField(String name) {
    return name.equals("traceId")
        || name.equals("spanId")
        || name.equals("parentSpanId")
        || name.equals("trace_id")
        || name.equals("span_id")
        || name.equals("parent_span_id");
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  private static boolean isJson(String contentType) {
    return baseType(contentType).equals(JSON);
  }

  private static String baseType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
