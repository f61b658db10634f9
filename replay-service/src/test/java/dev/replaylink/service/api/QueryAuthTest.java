package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.OTHER_INGEST_KEY;
import static dev.replaylink.service.TestObjects.OTHER_VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may read and delete: tokens, roles and project scopes on the v1 API and the UI pages. */
@MicronautTest
class QueryAuthTest extends EmbeddedServiceTest {
  String session;

  @BeforeEach
  void setUp() {
    session = randomId("sess");
    HttpResponse<String> r =
        http.ingest(
            bytes(
                batch(
                    session,
                    randomId("win"),
                    0,
                    List.of(
                        meta(T0, "https://shop.example.com/"),
                        fullSnapshot(T0 + 1),
                        incremental(T0 + 2)))),
            false,
            INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/sessions",
        "/api/v1/sessions/SESSION",
        "/api/v1/sessions/SESSION/events",
        "/api/v1/traces/4bf92f3577b34da6a3ce929d0e0e4736"
      })
  void readsWithoutValidTokenAre401(String template) {
    String path = template.replace("SESSION", session);
    for (String token : new String[] {null, "wrong-token-0123456789", INGEST_KEY}) {
      HttpResponse<String> r = http.get(path, token);
      assertEquals(401, r.statusCode(), path + " with " + token);
      assertEquals("unauthorized", json(r).get("error").asText());
    }
    HttpResponse<String> basic =
        http.send(http.request(path).header("Authorization", "Basic " + ADMIN_TOKEN).GET());
    assertEquals(401, basic.statusCode());
  }

  @Test
  void viewerSeesOnlyItsProjects() {
    assertEquals(200, http.get("/api/v1/sessions/" + session, VIEWER_TOKEN).statusCode());
    assertEquals(404, http.get("/api/v1/sessions/" + session, OTHER_VIEWER_TOKEN).statusCode());
    assertFalse(
        http.get("/api/v1/sessions?limit=200", OTHER_VIEWER_TOKEN).body().contains(session));
    String otherSession = randomId("sess");
    HttpResponse<String> r =
        http.ingest(
            bytes(
                batch(
                    otherSession,
                    randomId("win"),
                    0,
                    List.of(meta(T0, "https://x/"), fullSnapshot(T0 + 1)))),
            false,
            OTHER_INGEST_KEY);
    assertEquals(200, r.statusCode());
    assertEquals(
        200, http.get("/api/v1/sessions/" + otherSession, OTHER_VIEWER_TOKEN).statusCode());
    assertEquals(404, http.get("/api/v1/sessions/" + otherSession, VIEWER_TOKEN).statusCode());
  }

  @Test
  void deletesNeedTheAdminRole() {
    HttpResponse<String> denied =
        http.send(
            http.request("/api/v1/sessions/" + session)
                .header("Authorization", "Bearer " + VIEWER_TOKEN)
                .DELETE());
    assertEquals(403, denied.statusCode());
    assertEquals(200, http.get("/api/v1/sessions/" + session, ADMIN_TOKEN).statusCode());
    HttpResponse<String> ok =
        http.send(
            http.request("/api/v1/sessions/" + session)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .DELETE());
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(404, http.get("/api/v1/sessions/" + session, ADMIN_TOKEN).statusCode());
  }

  @Test
  void compactionNeedsTheAdminRoleAndKeepsTheEvents() {
    String session = randomId("sess");
    String window = randomId("win");
    for (int seq = 0; seq <= 4; seq++) {
      List<com.fasterxml.jackson.databind.node.ObjectNode> events =
          seq == 0
              ? List.of(meta(T0, "https://shop.example.com/"), fullSnapshot(T0 + 1))
              : List.of(incremental(T0 + seq * 10L), incremental(T0 + seq * 10L + 5));
      HttpResponse<String> r =
          http.ingest(bytes(batch(session, window, seq, events)), false, INGEST_KEY);
      assertEquals(200, r.statusCode(), r.body());
    }
    String before = http.get("/api/v1/sessions/" + session + "/events", VIEWER_TOKEN).body();
    HttpRequest.BodyPublisher empty = HttpRequest.BodyPublishers.noBody();
    HttpResponse<String> denied =
        http.send(
            http.request("/api/v1/sessions/" + session + "/compact")
                .header("Authorization", "Bearer " + VIEWER_TOKEN)
                .POST(empty));
    assertEquals(403, denied.statusCode());
    assertEquals(
        401,
        http.send(http.request("/api/v1/sessions/" + session + "/compact").POST(empty))
            .statusCode());
    HttpResponse<String> unknown =
        http.send(
            http.request("/api/v1/sessions/" + randomId("sess") + "/compact")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(empty));
    assertEquals(404, unknown.statusCode());

    HttpResponse<String> ok =
        http.send(
            http.request("/api/v1/sessions/" + session + "/compact")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(empty));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(5, json(ok).get("chunksBefore").asInt());
    assertEquals(1, json(ok).get("chunksAfter").asInt());
    assertTrue(
        json(ok).get("bytesAfter").asLong() < json(ok).get("bytesBefore").asLong(), ok.body());
    assertEquals(before, http.get("/api/v1/sessions/" + session + "/events", VIEWER_TOKEN).body());
  }

  @Test
  void deleteByUserRemovesThatUsersSessions() {
    String user = randomId("user");
    String s = randomId("sess");
    var b =
        batch(
            s,
            randomId("win"),
            0,
            List.of(meta(T0, "https://shop.example.com/"), fullSnapshot(T0 + 1)));
    b.putObject("user").put("id", user);
    assertEquals(200, http.ingest(bytes(b), false, INGEST_KEY).statusCode());
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/users/" + user + "/sessions")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .DELETE());
    assertEquals(200, r.statusCode());
    assertEquals(1, json(r).get("deleted").asInt());
    assertEquals(404, http.get("/api/v1/sessions/" + s, ADMIN_TOKEN).statusCode());
  }

  @Test
  void badQueryParametersAre400() {
    for (String q :
        List.of(
            "traceId=xyz",
            "limit=0",
            "limit=1000",
            "from=yesterday",
            "hasError=maybe",
            "cursor=bm90LWEtY3Vyc29y")) {
      HttpResponse<String> r = http.get("/api/v1/sessions?" + q, ADMIN_TOKEN);
      assertEquals(400, r.statusCode(), q + ": " + r.body());
      assertTrue(json(r).has("message"));
    }
  }

  @Test
  void uiPagesRedirectToLoginAndBack() {
    String target = "/replay/" + session + "?t=" + (T0 + 1);
    HttpResponse<String> r = http.send(http.request(target).GET());
    assertEquals(302, r.statusCode());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith("/login?next="), location);

    HttpResponse<String> wrong =
        http.send(
            http.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token=nope&next="
                            + java.net.URLEncoder.encode(
                                target, java.nio.charset.StandardCharsets.UTF_8))));
    assertEquals(303, wrong.statusCode());
    assertTrue(wrong.headers().firstValue("Location").orElseThrow().startsWith("/login?error=1"));
    assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());

    HttpResponse<String> login =
        http.send(
            http.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token="
                            + VIEWER_TOKEN
                            + "&next="
                            + java.net.URLEncoder.encode(
                                target, java.nio.charset.StandardCharsets.UTF_8))));
    assertEquals(303, login.statusCode());
    assertEquals(target, login.headers().firstValue("Location").orElseThrow());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(
        cookie.toLowerCase().contains("httponly") && cookie.contains("SameSite=Lax"), cookie);
    assertTrue(
        cookie.contains("Secure"), "public URL is https, so the cookie is Secure: " + cookie);
    String value = cookie.substring(0, cookie.indexOf(';'));

    HttpResponse<String> page = http.send(http.request(target).header("Cookie", value).GET());
    assertEquals(200, page.statusCode());
    assertTrue(
        page.headers()
            .firstValue("Content-Security-Policy")
            .orElse("")
            .contains("script-src 'self'"));
    assertEquals(
        200,
        http.send(http.request("/api/v1/sessions/" + session).header("Cookie", value).GET())
            .statusCode());
  }

  @Test
  void loginNeverRedirectsOffSite() {
    HttpResponse<String> login =
        http.send(
            http.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token=" + VIEWER_TOKEN + "&next=//evil.example/x")));
    assertEquals("/sessions", login.headers().firstValue("Location").orElseThrow());
  }
}
