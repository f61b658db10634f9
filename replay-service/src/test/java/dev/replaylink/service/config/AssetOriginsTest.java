package dev.replaylink.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only plain origins reach the replay page's policy: nothing that widens it or breaks out of the
 * header.
 */
class AssetOriginsTest {
  static final String KEY = "replaylink.projects.shop.asset-origins";

  @Test
  void originsAndSubdomainWildcardsAreKeptWithoutTrailingSlash() {
    assertEquals(
        List.of("https://cdn.example.com", "http://127.0.0.2:8081", "https://*.images.example"),
        AssetOrigins.parse(
            KEY,
            List.of(
                "https://cdn.example.com/", " http://127.0.0.2:8081", "https://*.images.example")));
  }

  @Test
  void anythingElseStopsTheStartUpNamingTheKey() {
    for (String bad :
        List.of(
            "*",
            "https:",
            "https://*",
            "'self'",
            "data:",
            "cdn.example.com",
            "https://cdn.example.com/path",
            "https://a.example; script-src *",
            "https://a.example https://b.example",
            "https://a.example,https://b.example",
            "javascript:alert(1)")) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> AssetOrigins.parse(KEY, List.of(bad)), bad);
      assertTrue(e.getMessage().startsWith(KEY) && e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void allowedOriginsThatAreNoOriginAreLeftOutOfThePolicy() {
    assertEquals(
        List.of("https://shop.example.com"),
        AssetOrigins.usable(
            List.of("*", "https://shop.example.com/", "null", "https://a.example; x")));
  }
}
