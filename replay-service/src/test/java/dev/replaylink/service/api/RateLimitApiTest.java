package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-key ingest limit: beyond it, 429 {@code rate_limited} and nothing of the refused batch is
 * stored.
 */
@MicronautTest
@Property(name = "replaylink.ingest.rate-per-key", value = "5")
class RateLimitApiTest extends EmbeddedServiceTest {
  @Test
  void requestsBeyondTheKeyLimitAreRefusedAndNotStored() {
    long now = System.currentTimeMillis();
    List<String> accepted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    // 40 requests: at most 5 per second pass, and they take far less than 7 seconds
    for (int i = 0; i < 40; i++) {
      String session = randomId("rate");
      HttpResponse<String> r =
          http.ingest(
              bytes(batch(session, "window-rate-1", 0, List.of(incremental(now - 1000 + i)))),
              false,
              INGEST_KEY);
      if (r.statusCode() == 200) {
        accepted.add(session);
      } else {
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("rate_limited", json(r).get("error").asText());
        refused.add(session);
      }
    }
    assertTrue(
        !accepted.isEmpty() && refused.size() >= 5,
        "accepted " + accepted.size() + ", refused " + refused.size());
    for (String session : accepted) {
      assertEquals(200, http.get("/api/v1/sessions/" + session, ADMIN_TOKEN).statusCode(), session);
    }
    for (String session : refused) {
      assertEquals(
          404,
          http.get("/api/v1/sessions/" + session, ADMIN_TOKEN).statusCode(),
          "nothing stored for " + session);
    }
  }
}
