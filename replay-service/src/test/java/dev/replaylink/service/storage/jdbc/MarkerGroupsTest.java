package dev.replaylink.service.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MarkerGroupsTest {
  @Test
  void failedRequestsGroupByMethodAndPathWithIdsFolded() {
    assertEquals(
        "POST /api/orders/{id}",
        MarkerGroups.keyFor(
            "network", "POST https://shop.example.com/api/orders/17?token=x → 502"));
    assertEquals(
        "POST /api/orders/{id}",
        MarkerGroups.keyFor("network", "POST https://shop.example.com/api/orders/18 → 500"));
    assertEquals(
        "GET /api/users/{id}/cart",
        MarkerGroups.keyFor(
            "network",
            "GET http://127.0.0.1:8080/api/users/0190f5e2-7a1b-7c3d-8e4f-123456789abc/cart#top → failed"));
    assertEquals(
        "GET /api/cart",
        MarkerGroups.keyFor("network", "GET /api/cart → 503"),
        "relative URLs keep their path");
    assertEquals("GET /", MarkerGroups.keyFor("network", "GET https://shop.example.com → 500"));
    assertEquals(
        "PUT /v2/items/{id}",
        MarkerGroups.keyFor(
            "network",
            "PUT https://api.example.com/v2/items/4bf92f3577b34da6a3ce929d0e0e4736 → 500"),
        "hex IDs fold; a version segment does not");
  }

  @Test
  void otherMarkersGroupByLabel() {
    assertEquals(
        "TypeError: a is undefined", MarkerGroups.keyFor("error", "TypeError: a is undefined"));
    assertEquals("button#pay", MarkerGroups.keyFor("rage-click", "button#pay"));
    assertNull(MarkerGroups.keyFor("error", null));
    assertEquals(MarkerGroups.MAX_KEY, MarkerGroups.keyFor("error", "x".repeat(600)).length());
  }
}
