package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static dev.replaylink.service.api.SessionLimitChecks.assertSessionLimitReached;
import static dev.replaylink.service.api.SessionLimitChecks.assertStoppedWithOneMarker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored-bytes cap per session: 413, one "size limit" marker however often it is hit, nothing
 * more stored.
 */
@MicronautTest
@Property(name = "replaylink.ingest.max-session-bytes", value = "3000")
class SessionBytesLimitTest extends EmbeddedServiceTest {
  @Test
  void sessionReachingTheStoredBytesCapIsRefusedWithOneMarker() {
    String session = randomId("sess");
    String window = randomId("win");
    long now = System.currentTimeMillis() - 60_000;
    Random rnd = new Random(7);
    HttpResponse<String> first =
        http.ingest(
            bytes(
                batch(
                    session,
                    window,
                    0,
                    List.of(meta(now, "https://shop.example.com/"), fullSnapshot(now + 1)))),
            false,
            INGEST_KEY);
    assertEquals(200, first.statusCode(), first.body());
    int stored = 2;
    HttpResponse<String> refused = null;
    int seq = 1;
    for (; seq < 20 && refused == null; seq++) {
      // ~1 KB that gzip cannot shrink much
      byte[] noise = new byte[700];
      rnd.nextBytes(noise);
      ObjectNode track =
          custom(
              now + seq * 10L,
              "track",
              TestObjects.JSON
                  .createObjectNode()
                  .put("name", "blob")
                  .put("props", java.util.Base64.getEncoder().encodeToString(noise)));
      HttpResponse<String> r =
          http.ingest(bytes(batch(session, window, seq, List.of(track))), false, INGEST_KEY);
      if (r.statusCode() == 200) {
        stored += json(r).get("accepted").asInt();
      } else {
        refused = r;
      }
    }
    assertTrue(refused != null, "the cap was reached");
    assertSessionLimitReached(refused);
    assertTrue(json(refused).get("message").asText().contains("stored-size limit"), refused.body());
    assertTrue(stored > 2, "some batches fit before the cap");

    byte[] more = new byte[700];
    rnd.nextBytes(more);
    HttpResponse<String> again =
        http.ingest(
            bytes(
                batch(
                    session,
                    window,
                    seq,
                    List.of(
                        custom(
                            now + 500,
                            "track",
                            TestObjects.JSON
                                .createObjectNode()
                                .put("name", "blob")
                                .put(
                                    "props",
                                    java.util.Base64.getEncoder().encodeToString(more)))))),
            false,
            INGEST_KEY);
    assertEquals(
        413, again.statusCode(), "a later batch that does not fit is refused too: " + again.body());

    assertStoppedWithOneMarker(http, session, stored, "size limit");
    JsonNode events =
        json(http.get("/api/v1/sessions/" + session + "/events", ADMIN_TOKEN)).get("events");
    assertEquals(stored, events.size(), "the events API agrees");
  }
}
