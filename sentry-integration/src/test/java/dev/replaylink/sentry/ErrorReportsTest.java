package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorReportsTest {
  @Test
  void reportCarriesTheContractFieldsAndEscapesText() {
    String json =
        ErrorReports.json(
            TestObjects.SESSION_ID,
            1700000000123L,
            TestObjects.TRACE_ID,
            "abc",
            "IllegalStateException",
            "quote \" backslash \\ newline \n control \u0001",
            "https://sentry.io/issues/?query=abc");
    JsonNode node = EnvelopeReceiver.json(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(TestObjects.SESSION_ID, node.get("sessionId").asText());
    assertEquals(1700000000123L, node.get("timestamp").asLong());
    assertEquals(TestObjects.TRACE_ID, node.get("traceId").asText());
    assertEquals("sentry", node.get("source").asText());
    assertEquals("abc", node.get("eventId").asText());
    assertEquals("IllegalStateException", node.get("type").asText());
    assertEquals("quote \" backslash \\ newline \n control \u0001", node.get("message").asText());
    assertEquals("https://sentry.io/issues/?query=abc", node.get("link").asText());
  }

  @Test
  void absentOptionalFieldsAreLeftOutAndLongMessagesCut() {
    JsonNode node =
        EnvelopeReceiver.json(
            ErrorReports.json(TestObjects.SESSION_ID, 1, null, "abc", null, "m".repeat(5000), null)
                .getBytes(StandardCharsets.UTF_8));
    assertFalse(node.has("traceId"));
    assertFalse(node.has("type"));
    assertFalse(node.has("link"));
    assertEquals(ErrorReports.MAX_MESSAGE, node.get("message").asText().length());
    assertTrue(node.get("message").asText().endsWith("…"));
  }
}
