package dev.replaylink.service.otlp;

import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.api.Identifiers;
import dev.replaylink.service.errors.BackendErrors;
import dev.replaylink.service.index.TraceIds;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.TraceLink;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * What an OTLP trace export means for replays: every span carrying a valid {@code session.id} links
 * its trace to the session at the span's start time; a span with status ERROR also becomes a {@code
 * backend-error} marker at the span's end time, labelled with the exception type and message of its
 * {@code exception} event. When only spans without an exception event failed (a server span
 * answering 500 exported before or after the span that threw), the trace gets one stand-in marker
 * (see {@link BackendErrors#standIn}). Spans without a session are ignored; spans with an invalid
 * trace ID or session ID are counted as rejected. Pure function of its input.
 */
final class OtlpSpanIndexer {
  static final String SESSION_ID = "session.id";
  static final String SOURCE = "otel";

  private OtlpSpanIndexer() {}

  /** Trace links, markers, and how many session spans were rejected as malformed. */
  record Result(List<TraceLink> links, List<Marker> markers, int rejected) {}

  static Result index(ExportTraceServiceRequest request) {
    List<TraceLink> links = new ArrayList<>();
    java.util.Map<String, List<Span>> errorSpans = new java.util.LinkedHashMap<>();
    java.util.Map<String, String[]> errorKeys = new java.util.HashMap<>();
    int rejected = 0;
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          String session = stringAttribute(span.getAttributesList(), SESSION_ID);
          if (session == null) {
            continue;
          }
          String traceId = TraceIds.normalize(Hex.of(span.getTraceId().toByteArray()));
          if (traceId == null || !Identifiers.ID.matcher(session).matches()) {
            rejected++;
            continue;
          }
          links.add(
              new TraceLink(traceId, session, nanosToMillis(span.getStartTimeUnixNano()), SOURCE));
          if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            String key = session + "/" + traceId;
            errorSpans.computeIfAbsent(key, k -> new ArrayList<>()).add(span);
            errorKeys.put(key, new String[] {session, traceId});
          }
        }
      }
    }
    List<Marker> markers = new ArrayList<>();
    errorSpans.forEach(
        (key, spans) -> {
          // One failure usually marks several spans ERROR (the span that threw and the server span
          // that
          // answered 500); the spans carrying the exception are the error, the others only report
          // it.
          // The others may arrive in a later export than the span that threw: without an exception
          // here,
          // one stand-in marker for the trace is kept, which a span with the exception replaces
          // later.
          List<Span> withException = spans.stream().filter(OtlpSpanIndexer::hasException).toList();
          String session = errorKeys.get(key)[0];
          String traceId = errorKeys.get(key)[1];
          if (withException.isEmpty()) {
            markers.add(
                BackendErrors.standIn(
                    errorMarker(spans.get(0), session, traceId), SOURCE + ":" + traceId));
          } else {
            for (Span span : withException) {
              markers.add(errorMarker(span, session, traceId));
            }
          }
        });
    return new Result(links, markers, rejected);
  }

  private static boolean hasException(Span span) {
    return span.getEventsList().stream().anyMatch(e -> "exception".equals(e.getName()));
  }

  private static Marker errorMarker(Span span, String session, String traceId) {
    String spanId = Hex.of(span.getSpanId().toByteArray());
    long end =
        span.getEndTimeUnixNano() > 0 ? span.getEndTimeUnixNano() : span.getStartTimeUnixNano();
    return new Marker(
        session,
        nanosToMillis(end),
        MarkerKinds.BACKEND_ERROR,
        errorLabel(span),
        traceId,
        null,
        SOURCE + ":" + traceId + ":" + spanId);
  }

  /**
   * "Type: message" of the span's last exception event, else the status message, else the span
   * name.
   */
  static String errorLabel(Span span) {
    String type = null;
    String message = null;
    for (Span.Event event : span.getEventsList()) {
      if ("exception".equals(event.getName())) {
        type = stringAttribute(event.getAttributesList(), "exception.type");
        message = stringAttribute(event.getAttributesList(), "exception.message");
      }
    }
    if (type == null && message == null) {
      String status = span.getStatus().getMessage();
      return status.isEmpty() ? span.getName() : span.getName() + ": " + status;
    }
    if (type == null) {
      return message;
    }
    return message == null || message.isEmpty() ? type : type + ": " + message;
  }

  static String stringAttribute(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        AnyValue value = kv.getValue();
        return value.hasStringValue() && !value.getStringValue().isEmpty()
            ? value.getStringValue()
            : null;
      }
    }
    return null;
  }

  private static long nanosToMillis(long nanos) {
    return nanos / 1_000_000L;
  }
}
