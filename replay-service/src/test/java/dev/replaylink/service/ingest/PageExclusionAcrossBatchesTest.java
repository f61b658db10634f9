package dev.replaylink.service.ingest;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.storage.StorageComponent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A blocked page stays blocked across batches (the recorder sends one every few seconds, and only
 * the first carries the page's Meta event), also when another instance or a restarted one receives
 * the next batch; and a page load counts as a visited page. The test project blocks {@code
 * .*}{@code /checkout/payment.*}.
 */
@MicronautTest
class PageExclusionAcrossBatchesTest extends EmbeddedServiceTest {
  static final String SHOP = "https://shop.example.com";

  @Inject StorageComponent storage;
  @Inject WindowPages windowPages;

  int send(ObjectNode batch) {
    HttpResponse<String> r = http.ingest(bytes(batch), true, INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
    return json(r).get("accepted").asInt();
  }

  @Test
  void laterBatchesFromABlockedPageAreDroppedUntilAnAllowedPage() {
    String session = randomId("sess");
    String window = randomId("win");
    long t = System.currentTimeMillis() - 30_000;
    assertEquals(
        0,
        send(
            batch(
                session,
                window,
                0,
                List.of(
                    meta(t, SHOP + "/checkout/payment?step=card"),
                    fullSnapshot(t + 1),
                    incremental(t + 10)))));
    assertEquals(
        0,
        send(batch(session, window, 1, List.of(incremental(t + 5000), incremental(t + 6000)))),
        "same page, no Meta");
    assertTrue(
        storage.sessions().session(List.of("shop"), session).isEmpty(),
        "nothing stored from the blocked page");

    windowPages.clear(); // the next batch reaches another instance, or this one restarted
    assertEquals(0, send(batch(session, window, 2, List.of(incremental(t + 10_000)))));
    assertTrue(storage.sessions().session(List.of("shop"), session).isEmpty());

    List<ObjectNode> leaving =
        List.of(
            incremental(t + 14_000),
            custom(
                t + 15_000,
                "navigation",
                TestObjects.JSON.createObjectNode().put("url", SHOP + "/thanks")),
            incremental(t + 15_500));
    assertEquals(
        2,
        send(batch(session, window, 3, leaving)),
        "stored from the navigation to an allowed page on");
    assertEquals(
        2,
        send(batch(session, window, 4, List.of(incremental(t + 20_000), incremental(t + 21_000)))));
    JsonNode events =
        json(http.get("/api/v1/sessions/" + session + "/events", ADMIN_TOKEN)).get("events");
    assertEquals(4, events.size());
    assertEquals(t + 15_000, events.get(0).get("timestamp").asLong());
  }

  @Test
  void returningToABlockedPageDropsItsLaterBatchesToo() {
    String session = randomId("sess");
    String window = randomId("win");
    long t = System.currentTimeMillis() - 30_000;
    assertEquals(
        3,
        send(
            batch(
                session,
                window,
                0,
                List.of(meta(t, SHOP + "/cart"), fullSnapshot(t + 1), incremental(t + 10)))));
    assertEquals(
        1,
        send(
            batch(
                session,
                window,
                1,
                List.of(
                    incremental(t + 4000),
                    custom(
                        t + 5000,
                        "navigation",
                        TestObjects.JSON.createObjectNode().put("url", SHOP + "/checkout/payment")),
                    incremental(t + 5100)))));
    assertEquals(0, send(batch(session, window, 2, List.of(incremental(t + 9000)))));
    assertEquals(
        3,
        send(
            batch(
                session,
                window,
                3,
                List.of(
                    meta(t + 12_000, SHOP + "/thanks"),
                    fullSnapshot(t + 12_001),
                    incremental(t + 12_010)))));
    assertEquals(
        7, storage.sessions().session(List.of("shop"), session).orElseThrow().eventCount());
    assertEquals(
        2,
        storage.sessions().session(List.of("shop"), session).orElseThrow().pagesVisited(),
        "cart, then thanks; the payment page is not shown");
  }

  @Test
  void pageLoadInALaterBatchCountsAsAVisitedPage() {
    String session = randomId("sess");
    String window = randomId("win");
    long t = System.currentTimeMillis() - 30_000;
    send(batch(session, window, 0, List.of(meta(t, SHOP + "/"), fullSnapshot(t + 1))));
    send(
        batch(
            session,
            window,
            1,
            List.of(meta(t + 5000, SHOP + "/"), fullSnapshot(t + 5001)))); // periodic checkout
    windowPages.clear();
    send(
        batch(
            session,
            window,
            2,
            List.of(meta(t + 9000, SHOP + "/product/7"), fullSnapshot(t + 9001))));
    JsonNode detail = json(http.get("/api/v1/sessions/" + session, ADMIN_TOKEN));
    assertEquals(2, detail.get("pagesVisited").asInt(), detail.toString());
    assertEquals(SHOP + "/", detail.get("entryUrl").asText());
    List<String> navigations = new java.util.ArrayList<>();
    detail
        .get("markers")
        .forEach(m -> navigations.add(m.get("kind").asText() + " " + m.get("label").asText()));
    assertEquals(List.of("navigation " + SHOP + "/product/7"), navigations);
  }
}
