package dev.replaylink.service.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.config.PrivacyConfiguration;
import dev.replaylink.service.ingest.RawEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-side safety net masks what a careless or hostile client sent. */
class PrivacyFilterTest {
  static final String PASSWORD = "hunter2-correct-horse";
  static final String CARD = "4111 1111 1111 1111";

  static RawEvent parse(String json) throws Exception {
    ObjectNode node = (ObjectNode) TestObjects.JSON.readTree(json);
    return new RawEvent(node.get("type").asInt(), node.get("timestamp").asLong(), node);
  }

  static PrivacyFilter filter(boolean emails, List<String> patterns) {
    PrivacyConfiguration c = new PrivacyConfiguration();
    c.setMaskEmails(emails);
    c.setMaskPatterns(patterns);
    return new PrivacyFilter(c);
  }

  @Test
  void formValuesInFullSnapshotsAreMasked() throws Exception {
    RawEvent e = parse("""
        {"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[
          {"type":2,"tagName":"input","id":2,"attributes":{"type":"password","value":"%s"},"childNodes":[]},
          {"type":2,"tagName":"INPUT","id":3,"attributes":{"type":"hidden","value":"csrf-secret-token"},"childNodes":[]},
          {"type":2,"tagName":"textarea","id":4,"attributes":{},"childNodes":[{"type":3,"id":5,"textContent":"my diary"}]},
          {"type":2,"tagName":"p","id":6,"attributes":{"title":"hello"},"childNodes":[{"type":3,"id":7,"textContent":"visible text"}]}
        ]}}}""".formatted(PASSWORD));
    filter(false, List.of()).apply(e);
    String stored = e.node().toString();
    assertFalse(stored.contains(PASSWORD), stored);
    assertFalse(stored.contains("csrf-secret-token"));
    assertFalse(stored.contains("my diary"));
    assertTrue(stored.contains("visible text"), "ordinary text is kept");
    assertTrue(stored.contains("\"value\":\"" + "*".repeat(PASSWORD.length()) + "\""), "length is kept: " + stored);
  }

  @Test
  void typedTextAndMutationsAreMasked() throws Exception {
    RawEvent input = parse("{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,\"id\":2,\"text\":\"" + PASSWORD + "\",\"isChecked\":false}}");
    RawEvent mutation = parse("""
        {"type":3,"timestamp":2,"data":{"source":0,"texts":[],"removes":[],
         "attributes":[{"id":2,"attributes":{"value":"%s"}}],
         "adds":[{"parentId":1,"nextId":null,"node":{"type":2,"tagName":"input","id":9,"attributes":{"value":"%s"},"childNodes":[]}}]}}
        """.formatted(PASSWORD, PASSWORD));
    PrivacyFilter f = filter(false, List.of());
    f.apply(input);
    f.apply(mutation);
    assertFalse(input.node().toString().contains(PASSWORD));
    assertFalse(mutation.node().toString().contains(PASSWORD));
  }

  @Test
  void cardNumbersAreMaskedEverywhereButOtherDigitsAreNot() throws Exception {
    RawEvent e = parse("{\"type\":5,\"timestamp\":1,\"data\":{\"tag\":\"console\",\"payload\":{\"level\":\"error\",\"message\":\"charge failed for "
        + CARD + " order 1234567890123\"}}}");
    filter(false, List.of()).apply(e);
    String msg = e.node().path("data").path("payload").path("message").asText();
    assertFalse(msg.contains(CARD), msg);
    assertTrue(msg.contains("order 1234567890123"), "a number failing the Luhn check is kept: " + msg);
  }

  @Test
  void theIdentifiedUserIdIsKeptAsSentEvenWhenItLooksLikeACardNumber() throws Exception {
    String user = "user-4111111111111111"; // a Luhn-valid digit run, as a millisecond timestamp can be
    RawEvent e = parse("""
        {"type":5,"timestamp":1,"data":{"tag":"identify","payload":{"userId":"%s","note":"%s"}}}""".formatted(user, CARD));
    filter(true, List.of("user-[0-9]+")).apply(e);
    assertEquals(user, e.payload().get("userId").asText());
    assertFalse(e.node().toString().contains(CARD), "other fields of the event are still masked: " + e.node());
    RawEvent track = parse("""
        {"type":5,"timestamp":1,"data":{"tag":"track","payload":{"userId":"%s"}}}""".formatted(user));
    filter(false, List.of()).apply(track);
    assertFalse(track.node().toString().contains("4111111111111111"), "only identify's user ID is exempt: " + track.node());
  }

  @Test
  void emailsAreKeptByDefaultAndMaskedWhenEnabled() throws Exception {
    String json = "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":0,\"texts\":[{\"id\":3,\"value\":\"Signed in as ada@example.com\"}]}}";
    RawEvent kept = parse(json);
    filter(false, List.of()).apply(kept);
    assertTrue(kept.node().toString().contains("ada@example.com"));
    RawEvent masked = parse(json);
    filter(true, List.of()).apply(masked);
    assertFalse(masked.node().toString().contains("ada@example.com"));
  }

  @Test
  void customPatternsAreMasked() throws Exception {
    RawEvent e = parse("{\"type\":3,\"timestamp\":1,\"data\":{\"source\":0,\"texts\":[{\"id\":3,\"value\":\"Patient MRN-0042-77 checked in\"}]}}");
    filter(false, List.of("MRN-[0-9-]+")).apply(e);
    assertEquals("Patient *********** checked in", e.node().path("data").path("texts").get(0).path("value").asText());
  }

  @Test
  void digitRunsInsideIdentifiersAreNotTakenForCardNumbers() throws Exception {
    // "5470096709506" passes the Luhn check, but it is part of a trace ID
    String traceId = "b9794fe922d5470096709506c2a42085";
    RawEvent e = parse("{\"type\":5,\"timestamp\":1,\"data\":{\"tag\":\"network\",\"payload\":{\"url\":\"/x\",\"status\":200,"
        + "\"traceId\":\"" + traceId + "\",\"note\":\"paid with 5470096709506 and " + CARD + "\"}}}");
    filter(false, List.of()).apply(e);
    assertEquals(traceId, e.payload().get("traceId").asText());
    assertFalse(e.payload().get("note").asText().contains("5470096709506"), e.payload().toString());
    assertFalse(e.payload().get("note").asText().contains(CARD), e.payload().toString());
  }
}
