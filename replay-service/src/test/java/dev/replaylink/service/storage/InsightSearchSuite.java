package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.network;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import dev.replaylink.service.model.Marker;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Insights: markers grouped across sessions. */
public abstract class InsightSearchSuite extends StorageSuite {
  @Test
  void insightsGroupMarkersAcrossSessionsAndOrderBySessionsAffected() {
    String project = randomId("p").substring(0, 30);
    long base = T0 + 3_000_000_000L;
    long day = 86_400_000L;
    // TypeError in 3 sessions of 2 users (one session twice, one on the next day); RangeError 4
    // times in 1 session
    String[] users = {"u1", "u2", null};
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String session = randomId("s" + i);
      sessions.add(session);
      long t = base + (i == 2 ? day : i * 60_000L);
      List<ObjectNode> events = recording(t, 3);
      events.add(
          custom(
              t + 1000,
              "error",
              TestObjects.JSON
                  .createObjectNode()
                  .put("type", "TypeError")
                  .put("message", "a is undefined")));
      if (i == 0) {
        events.add(
            custom(
                t + 1100,
                "error",
                TestObjects.JSON
                    .createObjectNode()
                    .put("type", "TypeError")
                    .put("message", "a is undefined")));
        for (int r = 0; r < 4; r++) {
          events.add(
              custom(
                  t + 1200 + r,
                  "error",
                  TestObjects.JSON
                      .createObjectNode()
                      .put("type", "RangeError")
                      .put("message", "too deep")));
        }
        events.add(
            custom(
                t + 1500,
                "navigation",
                TestObjects.JSON.createObjectNode().put("url", "https://shop.example.com/cart")));
        events.add(
            custom(
                t + 1600,
                "rage-click",
                TestObjects.JSON
                    .createObjectNode()
                    .put("x", 1)
                    .put("y", 1)
                    .put("selector", "button#pay")));
      }
      if (i == 1) {
        events.add(
            custom(
                t + 1600,
                "rage-click",
                TestObjects.JSON
                    .createObjectNode()
                    .put("x", 1)
                    .put("y", 1)
                    .put("selector", "button#pay")));
      }
      events.add(network(t + 2000, 502, null));
      ObjectNode b = batch(session, "w-window-1", 0, events);
      if (users[i] != null) {
        b.putObject("user").put("id", users[i]);
      }
      storage().batches().writeBatch(indexed(project, b));
    }
    storage()
        .markers()
        .addMarkers(
            project,
            List.of(
                new Marker(
                    sessions.get(1),
                    base + 70_000,
                    "backend-error",
                    "IllegalStateException: boom",
                    null,
                    null,
                    "otlp:" + randomId("span"))));
    long from = base - 1000;
    long to = base + 2 * day;

    List<InsightGroup> errors =
        storage().insights().insights(Set.of(project), InsightCategory.JS_ERRORS, from, to, 10);
    assertEquals(
        List.of("TypeError: a is undefined", "RangeError: too deep"),
        errors.stream().map(InsightGroup::key).toList());
    InsightGroup typeError = errors.get(0);
    assertEquals(4, typeError.occurrences());
    assertEquals(3, typeError.sessions());
    assertEquals(2, typeError.users(), "sessions without a user are not counted as users");
    assertEquals(sessions.get(2), typeError.lastSessionId());
    assertEquals(base + day + 1000, typeError.lastSeen());
    assertEquals(2, typeError.daily().size());
    assertEquals(3, typeError.daily().get(0).count());
    assertEquals(1, typeError.daily().get(1).count());
    assertEquals(0, typeError.daily().get(0).dayStart() % day);
    InsightGroup rangeError = errors.get(1);
    assertEquals(4, rangeError.occurrences());
    assertEquals(1, rangeError.sessions());

    List<InsightGroup> endpoints =
        storage()
            .insights()
            .insights(Set.of(project), InsightCategory.FAILING_ENDPOINTS, from, to, 10);
    assertEquals(1, endpoints.size());
    assertEquals("POST /api/checkout", endpoints.get(0).key());
    assertEquals(3, endpoints.get(0).sessions());

    List<InsightGroup> clicks =
        storage().insights().insights(Set.of(project), InsightCategory.FRUSTRATION, from, to, 10);
    assertEquals(2, clicks.size(), "the same element on two pages is two targets: " + clicks);
    assertEquals(
        java.util.Set.of("https://shop.example.com/cart", "https://shop.example.com/"),
        java.util.Set.of(clicks.get(0).page(), clicks.get(1).page()));
    assertTrue(
        clicks.stream()
            .allMatch(g -> g.key().equals("button#pay") && g.kind().equals("rage-click")));

    List<InsightGroup> backend =
        storage()
            .insights()
            .insights(Set.of(project), InsightCategory.BACKEND_ERRORS, from, to, 10);
    assertEquals(1, backend.size());
    assertEquals("IllegalStateException: boom", backend.get(0).key());
    assertEquals(sessions.get(1), backend.get(0).lastSessionId());

    assertEquals(
        1,
        storage()
            .insights()
            .insights(Set.of(project), InsightCategory.JS_ERRORS, from, to, 1)
            .size(),
        "limit");
    assertEquals(
        1,
        storage()
            .insights()
            .insights(Set.of(project), InsightCategory.JS_ERRORS, base + day, to, 10)
            .size(),
        "range");
    assertTrue(
        storage()
            .insights()
            .insights(Set.of(OTHER), InsightCategory.JS_ERRORS, from, to, 10)
            .isEmpty(),
        "scoped to projects");
  }
}
