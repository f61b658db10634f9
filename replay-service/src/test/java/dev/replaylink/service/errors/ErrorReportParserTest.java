package dev.replaylink.service.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.model.Marker;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorReportParserTest {
  private static final String SESSION = "0192f3a4-7b6c-7d8e-9f01-23456789abcd";
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final ErrorReportParser parser = new ErrorReportParser();

  private ErrorReport parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private String rejected(String json) {
    return assertThrows(ApiException.class, () -> parse(json)).getMessage();
  }

  @Test
  void fullSentryReportBecomesBackendErrorMarkerWithLink() {
    ErrorReport report =
        parse(
            "{\"sessionId\":\""
                + SESSION
                + "\",\"timestamp\":1700000000123,\"traceId\":\""
                + TRACE.toUpperCase()
                + "\",\"source\":\"sentry\",\"eventId\":\"0123456789abcdef0123456789abcdef\",\"type\":\"IllegalStateException\","
                + "\"message\":\"boom\",\"link\":\"https://sentry.example.com/issues/?query=0123\",\"extra\":1}");
    Marker marker = ErrorMarkers.of(report);
    assertEquals(SESSION, marker.sessionId());
    assertEquals(1700000000123L, marker.timestamp());
    assertEquals(MarkerKinds.BACKEND_ERROR, marker.kind());
    assertEquals("Sentry: IllegalStateException: boom", marker.label());
    assertEquals(TRACE, marker.traceId());
    assertEquals("https://sentry.example.com/issues/?query=0123", marker.link());
    assertEquals("sentry:0123456789abcdef0123456789abcdef", marker.dedupeKey());
  }

  @Test
  void minimalReportHasNoDedupeKeyAndGenericLabel() {
    Marker marker =
        ErrorMarkers.of(
            parse("{\"sessionId\":\"" + SESSION + "\",\"timestamp\":1,\"source\":\"custom\"}"));
    assertEquals("Custom: error", marker.label());
    assertNull(marker.dedupeKey());
    assertNull(marker.traceId());
    assertNull(marker.link());
  }

  @Test
  void everyFieldIsValidated() {
    String ok = "\"sessionId\":\"" + SESSION + "\",\"timestamp\":1,\"source\":\"sentry\"";
    rejected("[]");
    rejected("{\"timestamp\":1,\"source\":\"sentry\"}");
    rejected("{\"sessionId\":\"bad id!\",\"timestamp\":1,\"source\":\"sentry\"}");
    rejected("{\"sessionId\":\"" + SESSION + "\",\"timestamp\":\"1\",\"source\":\"sentry\"}");
    rejected("{\"sessionId\":\"" + SESSION + "\",\"timestamp\":-5,\"source\":\"sentry\"}");
    rejected("{\"sessionId\":\"" + SESSION + "\",\"timestamp\":1.5,\"source\":\"sentry\"}");
    rejected("{\"sessionId\":\"" + SESSION + "\",\"timestamp\":1}");
    rejected("{\"sessionId\":\"" + SESSION + "\",\"timestamp\":1,\"source\":\"no spaces\"}");
    rejected("{" + ok + ",\"traceId\":\"xyz\"}");
    rejected("{" + ok + ",\"traceId\":\"00000000000000000000000000000000\"}");
    rejected("{" + ok + ",\"eventId\":\"a b\"}");
    rejected("{" + ok + ",\"type\":42}");
    rejected("{" + ok + ",\"message\":\"\"}");
    rejected("{" + ok + ",\"message\":\"" + "m".repeat(ErrorReportParser.MAX_MESSAGE + 1) + "\"}");
    rejected("{" + ok + ",\"link\":\"/relative\"}");
    rejected("{" + ok + ",\"link\":\"javascript:alert(1)\"}");
    rejected("{" + ok + ",\"link\":\"ftp://host/x\"}");
    rejected("{" + ok + ",\"source\":\"sentry\"}");
    rejected("{" + ok + "} trailing");
  }

  @Test
  void rejectionNamesTheField() {
    assertEquals(
        "'link' must be an absolute http(s) URL.",
        rejected(
            "{\"sessionId\":\""
                + SESSION
                + "\",\"timestamp\":1,\"source\":\"sentry\",\"link\":\"x\"}"));
  }
}
