package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A recording cannot make the viewer's browser call a host outside the recorded project's origins:
 * a recording referencing assets in every way a page can (see src/test/browser/asset-origins.mjs)
 * is played on the replay page in Chromium. Four servers on distinct loopback addresses and ports
 * stand for the project's allowed origin, its asset origin (CDN), an attacker on another address
 * and an attacker on another port of the allowed address. Requests are counted at the servers and
 * in Chromium's request events: the attackers get nothing, while the allowed and the asset origin
 * serve every image, stylesheet, font and medium of the recording, without a Referer (only what a
 * stylesheet served by such an origin loads itself carries that stylesheet's URL, under the
 * origin's own policy).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetOriginsIT extends EmbeddedServiceTest implements TestPropertyProvider {
  static final String KEY = "assets-ingest-key-0123";

  /**
   * What the recording makes the allowed and the asset origin serve (the paths named in
   * asset-origins.mjs).
   */
  static final List<String> LOADED =
      List.of(
          "/link-stylesheet.css",
          "/css-import.css",
          "/style-text.png",
          "/font-face.woff",
          "/image-set.png",
          "/style-attribute.png",
          "/img-src.png",
          "/img-srcset.png",
          "/video-poster.png",
          "/video-src.mp4",
          "/svg-image-href.png",
          "/svg-image-xlink-href.png",
          "/mutation-added-img.png",
          "/mutation-changed-src.png",
          "/from-served-css.png");

  /**
   * Outcomes of a request Chromium refused before sending it: the policy ({@code csp}) or, for an
   * SVG {@code <use>} of another origin, its own same-origin rule ({@code origin}).
   */
  static final java.util.Set<String> STOPPED_IN_BROWSER =
      java.util.Set.of("failed csp", "failed origin", "failed net::ERR_BLOCKED_BY_CSP");

  private OriginServer allowed;
  private OriginServer cdn;
  private OriginServer attacker;
  private OriginServer attackerOnAllowedAddress;

  @Override
  public Map<String, String> getProperties() {
    allowed = new OriginServer("127.0.0.2");
    cdn = new OriginServer("127.0.0.3");
    attacker = new OriginServer("127.0.0.4");
    attackerOnAllowedAddress = new OriginServer("127.0.0.2");
    // a stylesheet the allowed origin serves may itself name an attacker: that is refused as well
    String css =
        "#from-allowed { background-image: url(/from-served-css.png), url("
            + attacker.origin()
            + "/from-allowed-css.png); }";
    allowed.stylesheet(css);
    cdn.stylesheet(css.replace("#from-allowed", "#from-cdn"));
    return Map.of(
        "replaylink.projects.assets.ingest-key",
        KEY,
        "replaylink.projects.assets.allowed-origins",
        allowed.origin(),
        "replaylink.projects.assets.asset-origins",
        cdn.origin());
  }

  @AfterAll
  void stopServers() {
    for (OriginServer s : new OriginServer[] {allowed, cdn, attacker, attackerOnAllowedAddress}) {
      if (s != null) {
        s.close();
      }
    }
  }

  @Test
  void recordedReferencesReachOnlyTheProjectsOriginsAndCarryNoReferrer() {
    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/asset-origins.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "INGEST_KEY",
                KEY,
                "ALLOWED",
                allowed.origin(),
                "CDN",
                cdn.origin(),
                "ATTACKERS",
                attacker.origin() + "," + attackerOnAllowedAddress.origin()),
            Duration.ofSeconds(120));
    assertEquals("ready", seen.get("state").asText(), seen.toString());
    assertTrue(seen.get("frameFound").asBoolean(), "the replay was rendered: " + seen);
    assertTrue(
        seen.get("policy")
            .asText()
            .contains("img-src 'self' data: blob: " + allowed.origin() + " " + cdn.origin()),
        seen.get("policy").asText());

    assertEquals(List.of(), attacker.paths(), "requests reached the attacker on another address");
    assertEquals(
        List.of(),
        attackerOnAllowedAddress.paths(),
        "requests reached the attacker on another port of the allowed address");
    List<String> leaving = new ArrayList<>();
    TreeSet<String> stopped = new TreeSet<>();
    for (JsonNode r : seen.get("requests")) {
      String url = r.get("url").asText();
      if (ownOrigin(url)) {
        continue;
      }
      if (STOPPED_IN_BROWSER.contains(r.get("outcome").asText())) {
        stopped.add(
            url.startsWith(attacker.origin()) ? url.substring(attacker.origin().length()) : url);
      } else {
        leaving.add(url + " (" + r.get("outcome").asText() + ")");
      }
    }
    assertEquals(List.of(), leaving, "Chromium requested hosts outside the project's origins");
    // the references were really there to be refused: Chromium tried each one and stopped it itself
    TreeSet<String> untried = new TreeSet<>(LOADED);
    untried.remove("/from-served-css.png");
    // Chromium's media loader checks the policy before it creates a request, so a refused video
    // source shows no request event at all; the attacker servers' empty logs are the proof for it
    untried.remove("/video-src.mp4");
    untried.add("/from-allowed-css.png");
    untried.removeAll(stopped);
    assertEquals(
        new TreeSet<>(),
        untried,
        "references to the attacker that Chromium never tried (so the test proved nothing for them)");

    for (OriginServer origin : List.of(allowed, cdn)) {
      TreeSet<String> missing = new TreeSet<>(LOADED);
      missing.removeAll(origin.paths());
      String which = origin == allowed ? "allowed origin" : "asset origin";
      assertEquals(
          new TreeSet<>(),
          missing,
          "the recording's assets from the "
              + which
              + " did not load; it served "
              + origin.paths());
      // what a stylesheet of the origin loads names that stylesheet, under the origin's own policy
      assertTrue(
          origin.hits().stream()
              .allMatch(h -> h.referer() == null || h.referer().startsWith(origin.origin() + "/")),
          "the replay page's or frame's address was sent to the " + which + ": " + origin.hits());
      assertTrue(
          origin.hits().stream()
              .filter(h -> !h.path().equals("/from-served-css.png"))
              .allMatch(h -> h.referer() == null),
          "a Referer was sent to the " + which + ": " + origin.hits());
    }
    assertEquals("no-referrer", seen.get("frameReferrerPolicy").asText());
  }

  private boolean ownOrigin(String url) {
    if (url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("about:")) {
      return true;
    }
    URI u = URI.create(url);
    String origin = u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    return origin.equals(allowed.origin())
        || origin.equals(cdn.origin())
        || u.getPort() == server.getPort()
            && (u.getHost().equals("localhost") || u.getHost().equals("127.0.0.1"));
  }
}
