package dev.replaylink.service.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.index.SecretMasking;
import dev.replaylink.service.model.StoredSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;

/**
 * An OTLP span as the trace view keeps it. A hostile exporter must not grow the store without
 * bound, so everything is capped: at most {@value #MAX_ATTRIBUTES} attributes per span (and {@value
 * #MAX_EVENT_ATTRIBUTES} per event), values of at most {@value #MAX_VALUE_CHARS} characters
 * ({@value #MAX_STACK_CHARS} for {@code exception.stacktrace}), arrays of at most {@value
 * #MAX_ARRAY_VALUES} values, at most {@value #MAX_EVENTS} events, names of at most {@value
 * #MAX_NAME_CHARS} characters; what is cut ends in {@value #CUT}. Values go through the privacy net
 * ({@link SecretMasking}): secret-looking keys are masked, text patterns too. Stateless.
 */
final class SpanRecords {
  static final int MAX_ATTRIBUTES = 64;
  static final int MAX_EVENT_ATTRIBUTES = 16;
  static final int MAX_EVENTS = 32;
  static final int MAX_VALUE_CHARS = 1024;
  static final int MAX_STACK_CHARS = 16384;
  static final int MAX_ARRAY_VALUES = 16;
  static final int MAX_NAME_CHARS = 256;
  static final int MAX_KEY_CHARS = 128;
  static final String CUT = "…";
  static final String STACKTRACE = "exception.stacktrace";

  private final SecretMasking masking;

  SpanRecords(SecretMasking masking) {
    this.masking = masking;
  }

  StoredSpan from(Span span, String traceId, String service) {
    long start = span.getStartTimeUnixNano();
    long end = Math.max(start, span.getEndTimeUnixNano());
    String parent =
        span.getParentSpanId().isEmpty() ? null : Hex.of(span.getParentSpanId().toByteArray());
    String statusMessage =
        span.getStatus().getMessage().isEmpty()
            ? null
            : cut(masking.text(span.getStatus().getMessage()), MAX_VALUE_CHARS);
    ObjectNode attributes = attributes(span.getAttributesList(), MAX_ATTRIBUTES);
    if (span.getAttributesCount() > MAX_ATTRIBUTES) {
      attributes.put("replaylink.dropped_attributes", span.getAttributesCount() - MAX_ATTRIBUTES);
    }
    ArrayNode events = JsonNodeFactory.instance.arrayNode();
    for (Span.Event e :
        span.getEventsList().subList(0, Math.min(MAX_EVENTS, span.getEventsCount()))) {
      ObjectNode event = events.addObject();
      event.put("name", cut(e.getName(), MAX_NAME_CHARS));
      event.put("timeMs", e.getTimeUnixNano() / 1_000_000L);
      event.set("attributes", attributes(e.getAttributesList(), MAX_EVENT_ATTRIBUTES));
    }
    return new StoredSpan(
        traceId,
        Hex.of(span.getSpanId().toByteArray()),
        parent,
        cut(service, MAX_NAME_CHARS),
        cut(span.getName().isEmpty() ? "(unnamed)" : span.getName(), MAX_NAME_CHARS),
        kind(span.getKind()),
        start,
        end - start,
        status(span.getStatus().getCode()),
        statusMessage,
        attributes.toString(),
        events.toString(),
        null);
  }

  private ObjectNode attributes(List<KeyValue> list, int max) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (KeyValue kv : list) {
      if (out.size() >= max) {
        break;
      }
      String key = cut(kv.getKey(), MAX_KEY_CHARS);
      int limit = STACKTRACE.equals(key) ? MAX_STACK_CHARS : MAX_VALUE_CHARS;
      if (SecretMasking.isSecretKey(key)) {
        out.put(key, SecretMasking.MASKED);
        continue;
      }
      AnyValue v = kv.getValue();
      if (v.hasArrayValue()) {
        ArrayNode arr = out.putArray(key);
        for (AnyValue item :
            v.getArrayValue()
                .getValuesList()
                .subList(0, Math.min(MAX_ARRAY_VALUES, v.getArrayValue().getValuesCount()))) {
          scalar(arr, item, limit);
        }
      } else if (v.hasBoolValue()) {
        out.put(key, v.getBoolValue());
      } else if (v.hasIntValue()) {
        out.put(key, v.getIntValue());
      } else if (v.hasDoubleValue()) {
        out.put(key, v.getDoubleValue());
      } else {
        out.put(key, cut(masking.text(text(v)), limit));
      }
    }
    return out;
  }

  private void scalar(ArrayNode arr, AnyValue item, int limit) {
    if (item.hasBoolValue()) {
      arr.add(item.getBoolValue());
    } else if (item.hasIntValue()) {
      arr.add(item.getIntValue());
    } else if (item.hasDoubleValue()) {
      arr.add(item.getDoubleValue());
    } else {
      arr.add(cut(masking.text(text(item)), limit));
    }
  }

  /** Strings as they are; bytes and nested maps summarised, never kept whole. */
  private static String text(AnyValue v) {
    if (v.hasStringValue()) {
      return v.getStringValue();
    }
    if (v.hasBytesValue()) {
      return "(" + v.getBytesValue().size() + " bytes)";
    }
    if (v.hasKvlistValue()) {
      return "(" + v.getKvlistValue().getValuesCount() + " entries)";
    }
    return "";
  }

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - CUT.length()) + CUT;
  }

  static String kind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_SERVER -> "SERVER";
      case SPAN_KIND_CLIENT -> "CLIENT";
      case SPAN_KIND_PRODUCER -> "PRODUCER";
      case SPAN_KIND_CONSUMER -> "CONSUMER";
      case SPAN_KIND_INTERNAL -> "INTERNAL";
      default -> "UNSPECIFIED";
    };
  }

  static String status(Status.StatusCode code) {
    return switch (code) {
      case STATUS_CODE_ERROR -> "ERROR";
      case STATUS_CODE_OK -> "OK";
      default -> "UNSET";
    };
  }
}
