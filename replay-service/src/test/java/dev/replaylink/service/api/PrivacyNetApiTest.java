package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.JSON;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server-side privacy net end to end: a client that masked nothing sends secrets in a full
 * snapshot, input events and mutations (including text changed inside a form field recorded in an
 * earlier batch); what the API then returns holds none of them, and ordinary text is kept.
 */
@MicronautTest
@Property(name = "replaylink.privacy.mask-emails", value = "true")
class PrivacyNetApiTest extends EmbeddedServiceTest {
  static final String PASSWORD = "Hunter2-correct-horse";
  static final String HIDDEN = "csrf-7f3a9c1e5b";
  static final String CARD = "4111 1111 1111 1111";
  static final String CARD_COMPACT = "5500005555555559";
  static final String EMAIL = "ada.lovelace@example.org";
  static final String NOTE = "Dear diary, my PIN";
  static final List<String> SECRETS = List.of(PASSWORD, HIDDEN, CARD, CARD_COMPACT, EMAIL, NOTE);

  @Test
  void passwordsHiddenValuesCardsAndEmailsNeverReachStorage() throws Exception {
    String session = randomId("sess");
    String window = randomId("win");
    long t = System.currentTimeMillis() - 5000;
    JsonNode snapshot =
        event(
            2,
            t + 1,
            """
        {"node":{"type":0,"id":1,"childNodes":[{"type":2,"tagName":"html","id":2,"attributes":{},"childNodes":[
          {"type":2,"tagName":"body","id":3,"attributes":{},"childNodes":[
            {"type":2,"tagName":"input","id":4,"attributes":{"type":"password","value":"%s"},"childNodes":[]},
            {"type":2,"tagName":"input","id":5,"attributes":{"type":"hidden","name":"csrf","value":"%s"},"childNodes":[]},
            {"type":2,"tagName":"textarea","id":6,"attributes":{},"childNodes":[{"type":3,"id":7,"textContent":"draft"}]},
            {"type":2,"tagName":"p","id":8,"attributes":{"title":"Card %s"},"childNodes":[{"type":3,"id":9,"textContent":"Pay with %s, receipt to %s"}]},
            {"type":2,"tagName":"h1","id":10,"attributes":{},"childNodes":[{"type":3,"id":11,"textContent":"Checkout"}]}
          ]}]}]},
         "initialOffset":{"top":0,"left":0}}"""
                .formatted(PASSWORD, HIDDEN, CARD_COMPACT, CARD, EMAIL));
    JsonNode typed =
        event(
            3,
            t + 10,
            """
        {"source":5,"id":4,"text":"%s","isChecked":false}"""
                .formatted(PASSWORD));
    JsonNode typedCard =
        event(
            3,
            t + 11,
            """
        {"source":5,"id":12,"text":"%s","isChecked":false}"""
                .formatted(CARD));
    JsonNode mutation =
        event(
            3,
            t + 20,
            """
        {"source":0,"removes":[],"texts":[{"id":9,"value":"Charged %s"}],
         "attributes":[{"id":5,"attributes":{"value":"%s"}}],
         "adds":[{"parentId":3,"nextId":null,"node":{"type":2,"tagName":"input","id":12,"attributes":{"type":"password","value":"%s"},"childNodes":[]}},
                 {"parentId":3,"nextId":null,"node":{"type":2,"tagName":"span","id":13,"attributes":{},"childNodes":[{"type":3,"id":14,"textContent":"Mail %s"}]}}]}
        """
                .formatted(CARD_COMPACT, HIDDEN, PASSWORD, EMAIL));
    HttpResponse<String> first =
        http.ingest(
            bytes(
                batch(
                    session,
                    window,
                    0,
                    List.of(
                        meta(t, "https://shop.example.com/checkout"),
                        snapshot,
                        typed,
                        typedCard,
                        mutation))),
            false,
            INGEST_KEY);
    assertEquals(200, first.statusCode(), first.body());

    JsonNode later =
        event(
            3,
            t + 1000,
            """
        {"source":0,"removes":[],"attributes":[],
         "texts":[{"id":7,"value":"%s"},{"id":11,"value":"Checkout done"}],
         "adds":[{"parentId":6,"nextId":null,"node":{"type":3,"id":15,"textContent":"%s"}}]}"""
                .formatted(NOTE, NOTE));
    HttpResponse<String> second =
        http.ingest(bytes(batch(session, window, 1, List.of(later))), true, INGEST_KEY);
    assertEquals(200, second.statusCode(), second.body());

    HttpResponse<String> stored = http.get("/api/v1/sessions/" + session + "/events", VIEWER_TOKEN);
    assertEquals(200, stored.statusCode(), stored.body());
    String body = stored.body();
    for (String secret : SECRETS) {
      assertFalse(body.contains(secret), "stored events contain " + secret + ": " + body);
    }
    assertFalse(body.contains("4111111111111111") || body.contains("ada.lovelace"), body);
    for (String kept :
        List.of(
            "Checkout",
            "Checkout done",
            "Pay with",
            "Charged",
            "Mail",
            "draft".replaceAll(".", "*"))) {
      assertTrue(body.contains(kept), "ordinary text is kept: " + kept + " in " + body);
    }
    assertTrue(body.contains("*".repeat(PASSWORD.length())), "masking keeps the length: " + body);
  }

  private static JsonNode event(int type, long ts, String data) throws Exception {
    ObjectNode e = JSON.createObjectNode().put("type", type).put("timestamp", ts);
    e.set("data", JSON.readTree(data));
    return e;
  }
}
