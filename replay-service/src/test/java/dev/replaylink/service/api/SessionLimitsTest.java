package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static dev.replaylink.service.api.SessionLimitChecks.assertSessionLimitReached;
import static dev.replaylink.service.api.SessionLimitChecks.assertStoppedWithOneMarker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session caps and per-session rate limits give clear refusals and a marker, never a crash. */
@MicronautTest
@Property(name = "replaylink.ingest.max-session-duration", value = "10m")
@Property(name = "replaylink.ingest.rate-per-session", value = "5")
class SessionLimitsTest extends EmbeddedServiceTest {
  @Test
  void sessionLongerThanTheCapIsRefusedWithAMarker() {
    String session = randomId("sess");
    String window = randomId("win");
    long now = System.currentTimeMillis();
    long start = now - 11 * 60_000L;
    // an old batch delivered late by a client whose clock is right (e.g. after being offline)
    ObjectNode old =
        batch(
            session,
            window,
            0,
            List.of(
                meta(start, "https://shop.example.com/"),
                fullSnapshot(start + 1),
                incremental(start + 5_000)));
    old.put("sentAt", now);
    HttpResponse<String> first = http.ingest(bytes(old), false, INGEST_KEY);
    assertEquals(200, first.statusCode(), first.body());
    assertSessionLimitReached(
        http.ingest(
            bytes(batch(session, window, 1, List.of(incremental(now - 100)))), false, INGEST_KEY));
    HttpResponse<String> again =
        http.ingest(
            bytes(batch(session, window, 2, List.of(incremental(now - 50)))), false, INGEST_KEY);
    assertEquals(413, again.statusCode());
    assertStoppedWithOneMarker(http, session, 3, "length limit");
  }

  @Test
  void burstOfBatchesForOneSessionIsRateLimited() {
    String session = randomId("sess");
    long now = System.currentTimeMillis();
    int ok = 0;
    int limited = 0;
    for (int i = 0; i < 30; i++) {
      ObjectNode b = batch(session, "window-rate-1", i, List.of(incremental(now - 1000 + i)));
      HttpResponse<String> r = http.ingest(bytes(b), false, INGEST_KEY);
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("rate_limited", json(r).get("error").asText());
        limited++;
      }
    }
    // at most 5 per second across all instances, at least one second's worth
    assertTrue(limited > 0 && ok >= 5, "ok=" + ok + " limited=" + limited);
    assertEquals(
        ok, json(http.get("/api/v1/sessions/" + session, ADMIN_TOKEN)).get("eventCount").asInt());
  }
}
