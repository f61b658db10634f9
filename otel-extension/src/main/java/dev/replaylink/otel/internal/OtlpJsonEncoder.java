package dev.replaylink.otel.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes spans as an OTLP/JSON {@code ExportTraceServiceRequest} (hex trace and span IDs, enums as
 * numbers, 64-bit integers as strings), grouped by resource and instrumentation scope. Links are
 * left out: replay-service does not use them. Stateless.
 */
final class OtlpJsonEncoder {
  private OtlpJsonEncoder() {}

  static byte[] encode(List<SpanData> spans) {
    Map<Resource, Map<InstrumentationScopeInfo, StringBuilder>> groups = new LinkedHashMap<>();
    for (SpanData span : spans) {
      StringBuilder out =
          groups
              .computeIfAbsent(span.getResource(), r -> new LinkedHashMap<>())
              .computeIfAbsent(span.getInstrumentationScopeInfo(), s -> new StringBuilder());
      if (out.length() > 0) {
        out.append(',');
      }
      span(out, span);
    }
    StringBuilder json = new StringBuilder(256 * spans.size() + 64).append("{\"resourceSpans\":[");
    boolean firstResource = true;
    for (Map.Entry<Resource, Map<InstrumentationScopeInfo, StringBuilder>> resource :
        groups.entrySet()) {
      json.append(firstResource ? "" : ",").append("{\"resource\":{\"attributes\":");
      attributes(json, resource.getKey().getAttributes());
      json.append("},\"scopeSpans\":[");
      boolean firstScope = true;
      for (Map.Entry<InstrumentationScopeInfo, StringBuilder> scope :
          resource.getValue().entrySet()) {
        json.append(firstScope ? "" : ",").append("{\"scope\":{\"name\":");
        string(json, scope.getKey().getName());
        if (scope.getKey().getVersion() != null) {
          json.append(",\"version\":");
          string(json, scope.getKey().getVersion());
        }
        json.append("},\"spans\":[").append(scope.getValue()).append("]}");
        firstScope = false;
      }
      json.append("]}");
      firstResource = false;
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void span(StringBuilder out, SpanData span) {
    out.append("{\"traceId\":\"")
        .append(span.getTraceId())
        .append("\",\"spanId\":\"")
        .append(span.getSpanId())
        .append('"');
    if (span.getParentSpanContext().isValid()) {
      out.append(",\"parentSpanId\":\"").append(span.getParentSpanId()).append('"');
    }
    out.append(",\"name\":");
    string(out, span.getName());
    out.append(",\"kind\":")
        .append(span.getKind().ordinal() + 1)
        .append(",\"startTimeUnixNano\":\"")
        .append(span.getStartEpochNanos())
        .append("\",\"endTimeUnixNano\":\"")
        .append(span.getEndEpochNanos())
        .append("\",\"attributes\":");
    attributes(out, span.getAttributes());
    out.append(",\"events\":[");
    boolean first = true;
    for (EventData event : span.getEvents()) {
      out.append(first ? "" : ",")
          .append("{\"timeUnixNano\":\"")
          .append(event.getEpochNanos())
          .append("\",\"name\":");
      string(out, event.getName());
      out.append(",\"attributes\":");
      attributes(out, event.getAttributes());
      out.append('}');
      first = false;
    }
    out.append("],\"status\":{\"code\":").append(statusCode(span));
    String description = span.getStatus().getDescription();
    if (description != null && !description.isEmpty()) {
      out.append(",\"message\":");
      string(out, description);
    }
    out.append("}}");
  }

  private static int statusCode(SpanData span) {
    switch (span.getStatus().getStatusCode()) {
      case OK:
        return 1;
      case ERROR:
        return 2;
      default:
        return 0;
    }
  }

  private static void attributes(StringBuilder out, Attributes attributes) {
    out.append('[');
    boolean[] first = {true};
    attributes.forEach(
        (key, value) -> {
          out.append(first[0] ? "" : ",").append("{\"key\":");
          string(out, key.getKey());
          out.append(",\"value\":");
          value(out, key, value);
          out.append('}');
          first[0] = false;
        });
    out.append(']');
  }

  private static void value(StringBuilder out, AttributeKey<?> key, Object value) {
    switch (key.getType()) {
      case BOOLEAN:
        out.append("{\"boolValue\":").append(value).append('}');
        return;
      case LONG:
        out.append("{\"intValue\":\"").append(value).append("\"}");
        return;
      case DOUBLE:
        out.append("{\"doubleValue\":").append(number((Double) value)).append('}');
        return;
      case STRING_ARRAY:
      case BOOLEAN_ARRAY:
      case LONG_ARRAY:
      case DOUBLE_ARRAY:
        out.append("{\"arrayValue\":{\"values\":[");
        boolean first = true;
        for (Object element : (List<?>) value) {
          out.append(first ? "" : ",");
          scalar(out, element);
          first = false;
        }
        out.append("]}}");
        return;
      default:
        out.append("{\"stringValue\":");
        string(out, String.valueOf(value));
        out.append('}');
    }
  }

  private static void scalar(StringBuilder out, Object element) {
    if (element instanceof Boolean) {
      out.append("{\"boolValue\":").append(element).append('}');
    } else if (element instanceof Long) {
      out.append("{\"intValue\":\"").append(element).append("\"}");
    } else if (element instanceof Double) {
      out.append("{\"doubleValue\":").append(number((Double) element)).append('}');
    } else {
      out.append("{\"stringValue\":");
      string(out, String.valueOf(element));
      out.append('}');
    }
  }

  private static String number(double d) {
    if (Double.isNaN(d)) {
      return "\"NaN\"";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    }
    return Double.toString(d);
  }

  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
