package dev.replaylink.service.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.config.PrivacyConfiguration;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.RawEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-side safety net masks what a careless or hostile client sent. */
class PrivacyFilterTest {
  static final String PASSWORD = "hunter2-correct-horse";
  static final String HIDDEN = "typed-later-5b1e";
  static final String NOTE = "Dear diary, my PIN";
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
    RawEvent e =
        parse(
            """
        {"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[
          {"type":2,"tagName":"input","id":2,"attributes":{"type":"password","value":"%s"},"childNodes":[]},
          {"type":2,"tagName":"INPUT","id":3,"attributes":{"type":"hidden","value":"csrf-secret-token"},"childNodes":[]},
          {"type":2,"tagName":"textarea","id":4,"attributes":{},"childNodes":[{"type":3,"id":5,"textContent":"my diary"}]},
          {"type":2,"tagName":"p","id":6,"attributes":{"title":"hello"},"childNodes":[{"type":3,"id":7,"textContent":"visible text"}]}
        ]}}}"""
                .formatted(PASSWORD));
    filter(false, List.of()).apply(e);
    String stored = e.node().toString();
    assertFalse(stored.contains(PASSWORD), stored);
    assertFalse(stored.contains("csrf-secret-token"));
    assertFalse(stored.contains("my diary"));
    assertTrue(stored.contains("visible text"), "ordinary text is kept");
    assertTrue(
        stored.contains("\"value\":\"" + "*".repeat(PASSWORD.length()) + "\""),
        "length is kept: " + stored);
  }

  @Test
  void typedTextAndMutationsAreMasked() throws Exception {
    RawEvent input =
        parse(
            "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,\"id\":2,\"text\":\""
                + PASSWORD
                + "\",\"isChecked\":false}}");
    RawEvent mutation =
        parse(
            """
        {"type":3,"timestamp":2,"data":{"source":0,"texts":[],"removes":[],
         "attributes":[{"id":2,"attributes":{"value":"%s"}}],
         "adds":[{"parentId":1,"nextId":null,"node":{"type":2,"tagName":"input","id":9,"attributes":{"value":"%s"},"childNodes":[]}}]}}
        """
                .formatted(PASSWORD, PASSWORD));
    PrivacyFilter f = filter(false, List.of());
    f.apply(input);
    f.apply(mutation);
    assertFalse(input.node().toString().contains(PASSWORD));
    assertFalse(mutation.node().toString().contains(PASSWORD));
  }

  @Test
  void cardNumbersAreMaskedEverywhereButOtherDigitsAreNot() throws Exception {
    RawEvent e =
        parse(
            "{\"type\":5,\"timestamp\":1,\"data\":{\"tag\":\"console\",\"payload\":{\"level\":\"error\",\"message\":\"charge failed for "
                + CARD
                + " order 1234567890123\"}}}");
    filter(false, List.of()).apply(e);
    String msg = e.node().path("data").path("payload").path("message").asText();
    assertFalse(msg.contains(CARD), msg);
    assertTrue(
        msg.contains("order 1234567890123"), "a number failing the Luhn check is kept: " + msg);
  }

  @Test
  void theIdentifiedUserIdIsKeptAsSentEvenWhenItLooksLikeACardNumber() throws Exception {
    String user =
        "user-4111111111111111"; // a Luhn-valid digit run, as a millisecond timestamp can be
    RawEvent e =
        parse(
            """
        {"type":5,"timestamp":1,"data":{"tag":"identify","payload":{"userId":"%s","note":"%s"}}}"""
                .formatted(user, CARD));
    filter(true, List.of("user-[0-9]+")).apply(e);
    assertEquals(user, e.payload().get("userId").asText());
    assertFalse(
        e.node().toString().contains(CARD),
        "other fields of the event are still masked: " + e.node());
    RawEvent track =
        parse(
            """
        {"type":5,"timestamp":1,"data":{"tag":"track","payload":{"userId":"%s"}}}"""
                .formatted(user));
    filter(false, List.of()).apply(track);
    assertFalse(
        track.node().toString().contains("4111111111111111"),
        "only identify's user ID is exempt: " + track.node());
  }

  @Test
  void emailsAreKeptByDefaultAndMaskedWhenEnabled() throws Exception {
    String json =
        "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":0,\"texts\":[{\"id\":3,\"value\":\"Signed in as ada@example.com\"}]}}";
    RawEvent kept = parse(json);
    filter(false, List.of()).apply(kept);
    assertTrue(kept.node().toString().contains("ada@example.com"));
    RawEvent masked = parse(json);
    filter(true, List.of()).apply(masked);
    assertFalse(masked.node().toString().contains("ada@example.com"));
  }

  @Test
  void customPatternsAreMasked() throws Exception {
    RawEvent e =
        parse(
            "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":0,\"texts\":[{\"id\":3,\"value\":\"Patient MRN-0042-77 checked in\"}]}}");
    filter(false, List.of("MRN-[0-9-]+")).apply(e);
    assertEquals(
        "Patient *********** checked in",
        e.node().path("data").path("texts").get(0).path("value").asText());
  }

  static ParsedBatch batch(String window, RawEvent... events) {
    return new ParsedBatch("sess-privacy", window, 0, 1, null, List.of(events));
  }

  static final String TEXTAREA_PAGE =
      """
      {"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[
        {"type":2,"tagName":"textarea","id":4,"attributes":{},"childNodes":[{"type":3,"id":5,"textContent":"draft"}]},
        {"type":2,"tagName":"select","id":6,"attributes":{},"childNodes":[]},
        {"type":2,"tagName":"p","id":7,"attributes":{},"childNodes":[{"type":3,"id":8,"textContent":"status"}]}
      ]}}}""";

  @Test
  void textChangedOrAddedInsideAFormFieldOfAnEarlierBatchIsMasked() throws Exception {
    PrivacyFilter f = filter(false, List.of());
    f.apply("shop", batch("w1", parse(TEXTAREA_PAGE)));
    RawEvent later =
        parse(
            """
        {"type":3,"timestamp":2,"data":{"source":0,"removes":[],"attributes":[],
         "texts":[{"id":5,"value":"%s"},{"id":8,"value":"Saved"}],
         "adds":[{"parentId":4,"nextId":null,"node":{"type":3,"id":20,"textContent":"%s-added"}},
                 {"parentId":7,"nextId":null,"node":{"type":3,"id":21,"textContent":"visible"}}]}}"""
                .formatted(PASSWORD, PASSWORD));
    f.apply("shop", batch("w1", later));
    String stored = later.node().toString();
    assertFalse(stored.contains(PASSWORD), stored);
    assertTrue(
        stored.contains("Saved") && stored.contains("visible"),
        "text outside form fields is kept: " + stored);

    RawEvent again =
        parse(
            """
        {"type":3,"timestamp":3,"data":{"source":0,"texts":[{"id":20,"value":"%s"}]}}"""
                .formatted(PASSWORD));
    f.apply("shop", batch("w1", again));
    assertFalse(
        again.node().toString().contains(PASSWORD),
        "a text node added inside the field is remembered: " + again.node());

    RawEvent otherWindow =
        parse(
            """
        {"type":3,"timestamp":2,"data":{"source":0,"texts":[{"id":5,"value":"other page"}]}}""");
    f.apply("shop", batch("w2", otherWindow));
    assertTrue(
        otherWindow.node().toString().contains("other page"),
        "IDs belong to their window: " + otherWindow.node());
  }

  @Test
  void addsListedChildBeforeParentAreMaskedToo() throws Exception {
    RawEvent e =
        parse(
            """
        {"type":3,"timestamp":2,"data":{"source":0,"texts":[],"removes":[],"attributes":[],
         "adds":[{"parentId":31,"nextId":null,"node":{"type":3,"id":32,"textContent":"%s"}},
                 {"parentId":30,"nextId":null,"node":{"type":2,"tagName":"span","id":31,"attributes":{},"childNodes":[]}},
                 {"parentId":1,"nextId":null,"node":{"type":2,"tagName":"textarea","id":30,"attributes":{},"childNodes":[]}}]}}
        """
                .formatted(PASSWORD));
    filter(false, List.of()).apply("shop", batch("w3", e));
    assertFalse(e.node().toString().contains(PASSWORD), e.node().toString());
  }

  @Test
  void aWindowWithTooManyFormFieldsMasksEveryTextItChanges() throws Exception {
    StringBuilder inputs = new StringBuilder();
    for (int i = 0; i <= FormFieldIds.MAX_IDS_PER_WINDOW; i++) {
      inputs
          .append(i == 0 ? "" : ",")
          .append("{\"type\":2,\"tagName\":\"input\",\"id\":")
          .append(100 + i)
          .append(",\"attributes\":{},\"childNodes\":[]}");
    }
    PrivacyFilter f = filter(false, List.of());
    f.apply(
        "shop",
        batch(
            "w4",
            parse(
                "{\"type\":2,\"timestamp\":1,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":["
                    + inputs
                    + "]}}}")));
    RawEvent e =
        parse(
            "{\"type\":3,\"timestamp\":2,\"data\":{\"source\":0,\"texts\":[{\"id\":5,\"value\":\"anything\"}]}}");
    f.apply("shop", batch("w4", e));
    assertFalse(
        e.node().toString().contains("anything"),
        "beyond the bound, privacy wins over fidelity: " + e.node());

    f.apply("shop", batch("w4", parse(TEXTAREA_PAGE)));
    RawEvent afterReload =
        parse(
            "{\"type\":3,\"timestamp\":3,\"data\":{\"source\":0,\"texts\":[{\"id\":8,\"value\":\"Saved\"}]}}");
    f.apply("shop", batch("w4", afterReload));
    assertTrue(
        afterReload.node().toString().contains("Saved"),
        "a new full snapshot starts the window afresh: " + afterReload.node());
  }

  @Test
  void textAlreadyInsideAnElementMadeEditableLaterIsMaskedWhenItChanges() throws Exception {
    PrivacyFilter f = filter(false, List.of());
    f.apply(
        "shop",
        batch(
            "w5",
            parse(
                """
        {"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[
          {"type":2,"tagName":"div","id":2,"attributes":{},"childNodes":[{"type":3,"id":3,"textContent":"Draft"},
            {"type":2,"tagName":"p","id":4,"attributes":{},"childNodes":[{"type":3,"id":5,"textContent":"Para"}]}]},
          {"type":2,"tagName":"h1","id":6,"attributes":{},"childNodes":[{"type":3,"id":7,"textContent":"Title"}]}]}}}""")));
    RawEvent madeEditable =
        parse(
            """
        {"type":3,"timestamp":2,"data":{"source":0,"adds":[],"removes":[],"attributes":[{"id":2,"attributes":{"contenteditable":"true"}}],
         "texts":[{"id":3,"value":"Draft %s"}]}}"""
                .formatted(PASSWORD));
    RawEvent typed =
        parse(
            """
        {"type":3,"timestamp":3,"data":{"source":0,"adds":[{"parentId":4,"nextId":null,"node":{"type":3,"id":8,"textContent":"%s"}}],
         "removes":[],"attributes":[],"texts":[{"id":5,"value":"Para %s"},{"id":7,"value":"Title changed"}]}}"""
                .formatted(HIDDEN, NOTE));
    f.apply("shop", batch("w5", madeEditable));
    f.apply("shop", batch("w5", typed));
    String out = madeEditable.node().toString() + typed.node();
    for (String secret : List.of(PASSWORD, HIDDEN, NOTE)) {
      assertFalse(out.contains(secret), "text inside the element made editable: " + out);
    }
    assertTrue(out.contains("Title changed"), "text outside it is kept: " + out);
  }

  @Test
  void aWindowTooLargeToKnowItsParentsMasksEveryTextOnceAnElementIsMadeEditable() throws Exception {
    StringBuilder nodes = new StringBuilder();
    for (int i = 0; i <= NodeParents.MAX_NODES; i++) {
      nodes
          .append(i == 0 ? "" : ",")
          .append("{\"type\":3,\"id\":")
          .append(100 + i)
          .append(",\"textContent\":\"t\"}");
    }
    PrivacyFilter f = filter(false, List.of());
    f.apply(
        "shop",
        batch(
            "w6",
            parse(
                "{\"type\":2,\"timestamp\":1,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":["
                    + nodes
                    + "]}}}")));
    RawEvent before =
        parse(
            "{\"type\":3,\"timestamp\":2,\"data\":{\"source\":0,\"texts\":[{\"id\":101,\"value\":\"kept\"}]}}");
    f.apply("shop", batch("w6", before));
    assertTrue(before.node().toString().contains("kept"), before.node().toString());
    RawEvent e =
        parse(
            """
        {"type":3,"timestamp":3,"data":{"source":0,"attributes":[{"id":1,"attributes":{"contenteditable":""}}],
         "texts":[{"id":102,"value":"%s"}]}}"""
                .formatted(NOTE));
    f.apply("shop", batch("w6", e));
    assertFalse(
        e.node().toString().contains(NOTE),
        "beyond the bound, privacy wins over fidelity: " + e.node());
  }

  @Test
  void digitRunsInsideIdentifiersAreNotTakenForCardNumbers() throws Exception {
    // "5470096709506" passes the Luhn check, but it is part of a trace ID
    String traceId = "b9794fe922d5470096709506c2a42085";
    RawEvent e =
        parse(
            "{\"type\":5,\"timestamp\":1,\"data\":{\"tag\":\"network\",\"payload\":{\"url\":\"/x\",\"status\":200,"
                + "\"traceId\":\""
                + traceId
                + "\",\"note\":\"paid with 5470096709506 and "
                + CARD
                + "\"}}}");
    filter(false, List.of()).apply(e);
    assertEquals(traceId, e.payload().get("traceId").asText());
    assertFalse(e.payload().get("note").asText().contains("5470096709506"), e.payload().toString());
    assertFalse(e.payload().get("note").asText().contains(CARD), e.payload().toString());
  }
}
