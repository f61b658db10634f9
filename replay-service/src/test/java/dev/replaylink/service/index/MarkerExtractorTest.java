package dev.replaylink.service.index;

import static dev.replaylink.service.TestObjects.JSON;
import static dev.replaylink.service.TestObjects.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.RawEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which custom events become timeline markers, and with which label. */
class MarkerExtractorTest {
  static final String SESSION = "session-0001";
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  static Marker markerFor(String tag, ObjectNode payload) {
    ObjectNode node = TestObjects.custom(T0, tag, payload);
    return MarkerExtractor.markerFor(SESSION, new RawEvent(RawEvent.CUSTOM, T0, node));
  }

  static ObjectNode request(int status) {
    return JSON.createObjectNode()
        .put("method", "POST")
        .put("url", "https://shop.example.com/api/pay")
        .put("status", status)
        .put("durationMs", 12)
        .put("traceId", TRACE);
  }

  @Test
  void failedRequestWithoutResponseIsAMarker() {
    Marker m = markerFor("network", request(0));
    assertNotNull(m);
    assertEquals("network", m.kind());
    assertEquals("POST https://shop.example.com/api/pay → failed", m.label());
    assertEquals(TRACE, m.traceId());
    assertEquals(T0, m.timestamp());
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 204, 301, 400, 404, 499})
  void successfulAndClientErrorResponsesAreNoMarker(int status) {
    assertNull(markerFor("network", request(status)));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 599})
  void serverErrorResponsesAreMarkers(int status) {
    Marker m = markerFor("network", request(status));
    assertNotNull(m);
    assertEquals("POST https://shop.example.com/api/pay → " + status, m.label());
  }

  @ParameterizedTest
  @ValueSource(strings = {"log", "info", "warn", "debug"})
  void consoleBelowErrorIsNoMarker(String level) {
    assertNull(
        markerFor("console", JSON.createObjectNode().put("level", level).put("message", "hello")));
  }

  @Test
  void consoleErrorIsAMarkerLabelledWithItsMessage() {
    Marker m =
        markerFor(
            "console", JSON.createObjectNode().put("level", "error").put("message", "cart failed"));
    assertNotNull(m);
    assertEquals("console", m.kind());
    assertEquals("cart failed", m.label());
  }

  @Test
  void uncaughtErrorIsLabelledWithTypeAndMessage() {
    Marker m =
        markerFor(
            "error",
            JSON.createObjectNode().put("type", "TypeError").put("message", "x is undefined"));
    assertEquals("error", m.kind());
    assertEquals("TypeError: x is undefined", m.label());
  }

  @ParameterizedTest
  @ValueSource(strings = {"error-click", "rage-click", "dead-click", "mouse-thrash"})
  void frustrationSignalsAreMarkersLabelledWithTheSelector(String tag) {
    Marker m =
        markerFor(
            tag, JSON.createObjectNode().put("x", 10).put("y", 20).put("selector", "button#pay"));
    assertNotNull(m);
    assertEquals(tag, m.kind());
    assertEquals("button#pay", m.label());
    assertNull(m.traceId());
  }

  @Test
  void frustrationSignalWithoutSelectorIsLabelledWithItsKind() {
    assertEquals(
        "rage-click",
        markerFor("rage-click", JSON.createObjectNode().put("x", 1).put("y", 2)).label());
  }

  @Test
  void tagsOutsideTheVocabularyAndIdentifyAreNoMarker() {
    assertNull(markerFor("identify", JSON.createObjectNode().put("userId", "u-1")));
    assertNull(markerFor("something-else", JSON.createObjectNode()));
    assertNull(
        MarkerExtractor.markerFor(
            SESSION, new RawEvent(RawEvent.INCREMENTAL, T0, TestObjects.incremental(T0))));
  }
}
