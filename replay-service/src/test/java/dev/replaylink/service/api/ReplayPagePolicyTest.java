package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.OTHER_INGEST_KEY;
import static dev.replaylink.service.TestObjects.OTHER_VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay page's policy lets recorded images, styles, fonts and media come from the recorded
 * project's {@code allowed-origins} and {@code asset-origins}, and from nowhere else: other
 * directives stay as on every UI page, a {@code *} origin adds nothing, and a session the viewer
 * cannot see shows nothing of its project's configuration.
 */
@MicronautTest
class ReplayPagePolicyTest extends EmbeddedServiceTest {
  static final String SHOP_SOURCES =
      "https://shop.example.com https://cdn.shop-assets.example https://*.images.example";

  @Test
  void aShopReplayMayLoadAssetsFromTheShopsOriginsOnly() {
    String session = stored(INGEST_KEY);
    Map<String, String> expected = new LinkedHashMap<>(UiSecurityHeadersTest.POLICY);
    expected.put("style-src", "'self' 'unsafe-inline' " + SHOP_SOURCES);
    expected.put("img-src", "'self' data: blob: " + SHOP_SOURCES);
    expected.put("font-src", "'self' data: " + SHOP_SOURCES);
    expected.put("media-src", "'self' blob: " + SHOP_SOURCES);
    assertEquals(expected, policy("/replay/" + session + "?t=1", ADMIN_TOKEN));
  }

  @Test
  void anyOriginInAllowedOriginsAddsNoSource() {
    assertEquals(
        UiSecurityHeadersTest.POLICY, policy("/replay/" + stored(OTHER_INGEST_KEY), ADMIN_TOKEN));
  }

  @Test
  void aSessionTheViewerCannotSeeOrThatDoesNotExistGetsTheUiPolicy() {
    assertEquals(
        UiSecurityHeadersTest.POLICY, policy("/replay/" + stored(INGEST_KEY), OTHER_VIEWER_TOKEN));
    assertEquals(
        UiSecurityHeadersTest.POLICY, policy("/replay/" + randomId("nothing"), ADMIN_TOKEN));
    assertEquals(UiSecurityHeadersTest.POLICY, policy("/replay/bad%20id", ADMIN_TOKEN));
  }

  private String stored(String key) {
    String session = randomId("csp");
    long t = System.currentTimeMillis() - 1000;
    HttpResponse<String> r =
        http.ingest(
            bytes(
                batch(
                    session,
                    randomId("win"),
                    0,
                    List.of(meta(t, "https://shop.example.com/"), fullSnapshot(t + 1)))),
            false,
            key);
    assertEquals(200, r.statusCode(), r.body());
    return session;
  }

  private Map<String, String> policy(String path, String token) {
    HttpResponse<String> r = http.get(path, token);
    assertEquals(200, r.statusCode(), path);
    assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null));
    List<String> csp = r.headers().allValues("Content-Security-Policy");
    assertEquals(1, csp.size(), "one policy: " + csp);
    return UiSecurityHeadersTest.policy(csp.get(0));
  }
}
