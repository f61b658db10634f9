package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.auth.OidcServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OIDC sign-in in Chromium against a real provider with a login page: the person signs in there,
 * lands on the session list, opens a replay, and finds that view in the Audit page.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcSignInIT extends EmbeddedServiceTest implements TestPropertyProvider {
  OidcServer oidc;

  @Override
  public Map<String, String> getProperties() {
    oidc = OidcServer.startInteractive();
    Map<String, String> props = new HashMap<>();
    oidc.serviceProperties().forEach((k, v) -> props.put(k, String.valueOf(v)));
    return props;
  }

  @AfterAll
  void stop() {
    oidc.close();
  }

  @Test
  void signsInAtTheProviderWatchesAReplayAndSeesTheViewAudited() {
    List<JsonNode> fixture = TestObjects.fixtureEventsWithTrace(TestObjects.randomTraceId());
    String session = randomId("sess");
    assertEquals(
        200,
        http.ingest(
                bytes(batch(session, "window-" + session.substring(5, 17), 0, fixture)),
                true,
                INGEST_KEY)
            .statusCode());
    String user = randomId("alice");

    JsonNode seen =
        BrowserScripts.run(
            "src/test/browser/oidc-sign-in.mjs",
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "SESSION_ID",
                session,
                "USER_NAME",
                user,
                "GROUPS",
                "[\"replay-admins\"]"),
            Duration.ofSeconds(120));
    assertTrue(seen.get("providerPage").asBoolean(), "the login page is the provider's: " + seen);
    assertEquals("/sessions", seen.get("landed").asText());
    assertEquals(user + " (admin)", seen.get("whoami").asText());
    assertEquals("/replay/" + session, seen.get("replayPath").asText());
    assertEquals("ready", seen.get("replayState").asText());
    assertTrue(seen.get("auditLinkVisible").asBoolean());
    boolean audited = false;
    for (JsonNode row : seen.get("audit")) {
      audited |=
          row.get(1).asText().equals(user)
              && row.get(2).asText().equals("replay.view")
              && row.get(4).asText().equals(session);
    }
    assertTrue(audited, "the replay view is in the Audit page: " + seen.get("audit"));
  }
}
