package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.replaylink.service.storage.StorageComponent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Cross-site request forgery, sign-in throttling, secrets kept out of logs, and page exclusion at
 * ingest.
 */
@MicronautTest
class SecurityTest extends EmbeddedServiceTest {
  /**
   * Loggers that see credentials pass by: this service's (authentication, ingest, UI) and the HTTP
   * server's.
   */
  static final List<String> DEBUG_LOGGERS =
      List.of("dev.replaylink", "io.micronaut.http", "io.micronaut.web");

  @Inject StorageComponent storage;

  String loginCookie(String token) {
    HttpResponse<String> login =
        http.send(
            http.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&next=/sessions")));
    String cookie =
        login
            .headers()
            .firstValue("Set-Cookie")
            .orElseThrow(() -> new AssertionError("no cookie: " + login.headers()));
    return cookie.substring(0, cookie.indexOf(';'));
  }

  @Test
  void crossSiteStateChangesWithTheLoginCookieAreRefused() {
    String session = randomId("sess");
    assertEquals(
        200,
        http.ingest(
                bytes(
                    batch(
                        session,
                        randomId("win"),
                        0,
                        List.of(
                            meta(System.currentTimeMillis() - 1000, "https://shop.example.com/"),
                            fullSnapshot(System.currentTimeMillis() - 999)))),
                false,
                INGEST_KEY)
            .statusCode());
    String cookie = loginCookie(ADMIN_TOKEN);

    HttpResponse<String> forged =
        http.send(
            http.request("/api/v1/sessions/" + session)
                .header("Cookie", cookie)
                .header("Origin", "https://evil.example")
                .DELETE());
    assertEquals(403, forged.statusCode());
    assertEquals("csrf_rejected", json(forged).get("error").asText());
    HttpResponse<String> forgedNoOrigin =
        http.send(
            http.request("/api/v1/sessions/" + session)
                .header("Cookie", cookie)
                .header("Sec-Fetch-Site", "cross-site")
                .DELETE());
    assertEquals(403, forgedNoOrigin.statusCode());
    assertEquals(
        200, http.get("/api/v1/sessions/" + session, ADMIN_TOKEN).statusCode(), "still there");

    HttpResponse<String> logout =
        http.send(
            http.request("/logout")
                .header("Cookie", cookie)
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(403, logout.statusCode());

    String own = ownOrigin();
    HttpResponse<String> fromOwnPage =
        http.send(
            http.request("/api/v1/sessions/" + session)
                .header("Cookie", cookie)
                .header("Origin", own)
                .DELETE());
    assertEquals(200, fromOwnPage.statusCode(), fromOwnPage.body());
    HttpResponse<String> bearerFromAnywhere =
        http.send(
            http.request("/api/v1/sessions/" + session)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Origin", "https://evil.example")
                .DELETE());
    assertEquals(
        404,
        bearerFromAnywhere.statusCode(),
        "bearer requests are not subject to CSRF checks (already deleted)");
  }

  @Test
  void logoutEndsTheLoginSession() {
    String cookie = loginCookie(VIEWER_TOKEN);
    assertEquals(
        200,
        http.send(http.request("/api/v1/sessions").header("Cookie", cookie).GET()).statusCode());
    HttpResponse<String> out =
        http.send(
            http.request("/logout")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(303, out.statusCode());
    assertEquals(
        401,
        http.send(http.request("/api/v1/sessions").header("Cookie", cookie).GET()).statusCode());
  }

  /**
   * Secrets stay out of the logs even when an operator turns on DEBUG for this service and for the
   * HTTP server (the loggers that see authentication, ingest and request handling).
   */
  @Test
  void secretsNeverReachTheLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    List<Logger> verbose =
        DEBUG_LOGGERS.stream().map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
    List<Level> before = verbose.stream().map(Logger::getLevel).toList();
    verbose.forEach(l -> l.setLevel(Level.DEBUG));
    try {
      http.get("/api/v1/sessions", ADMIN_TOKEN);
      http.get("/api/v1/sessions", "wrong-" + ADMIN_TOKEN);
      http.get("/api/v1/sessions/" + randomId("sess"), VIEWER_TOKEN);
      http.send(
          http.request("/api/v1/ingest?key=" + INGEST_KEY)
              .header("Origin", "https://evil.example")
              .POST(HttpRequest.BodyPublishers.ofString("{}")));
      http.send(
          http.request("/api/v1/ingest")
              .header("X-Replaylink-Key", INGEST_KEY)
              .header("Origin", "https://evil.example")
              .POST(HttpRequest.BodyPublishers.ofString("{}")));
      http.send(
          http.request("/api/v1/ingest")
              .header("X-Replaylink-Key", INGEST_KEY + "x")
              .POST(HttpRequest.BodyPublishers.ofString("{")));
      http.ingest(
          bytes(
              batch(
                  randomId("sess"),
                  randomId("win"),
                  0,
                  List.of(
                      meta(System.currentTimeMillis() - 1000, "https://shop.example.com/"),
                      fullSnapshot(System.currentTimeMillis() - 999)))),
          true,
          INGEST_KEY);
      http.send(
          http.request("/v1/traces")
              .header("X-Replaylink-Key", INGEST_KEY)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[]}")));
      http.send(
          http.request("/login")
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "token=" + VIEWER_TOKEN + "x&next=/sessions")));
      String cookie = loginCookie(VIEWER_TOKEN);
      http.send(http.request("/sessions").header("Cookie", cookie).GET());
      http.send(http.request("/api/v1/sessions").header("Cookie", cookie).GET());
    } finally {
      root.detachAppender(captured);
      for (int i = 0; i < verbose.size(); i++) {
        verbose.get(i).setLevel(before.get(i));
      }
    }
    assertTrue(
        captured.list.stream().anyMatch(e -> e.getLevel() == Level.DEBUG),
        "DEBUG was on during the requests");
    for (ILoggingEvent e : captured.list) {
      String line =
          e.getFormattedMessage()
              + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())
              + e.getMDCPropertyMap();
      for (String secret : List.of(ADMIN_TOKEN, VIEWER_TOKEN, INGEST_KEY)) {
        assertFalse(line.contains(secret), "secret in log: " + line);
      }
    }
  }

  @Test
  void eventsFromBlockedPagesAreDroppedAtIngest() {
    String session = randomId("sess");
    long t = System.currentTimeMillis() - 5000;
    var b =
        batch(
            session,
            randomId("win"),
            0,
            List.of(
                meta(t, "https://shop.example.com/cart"),
                fullSnapshot(t + 1),
                incremental(t + 10),
                meta(t + 1000, "https://shop.example.com/checkout/payment?step=card"),
                fullSnapshot(t + 1001),
                incremental(t + 1010)));
    HttpResponse<String> r = http.ingest(bytes(b), false, INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(3, json(r).get("accepted").asInt());

    String paymentOnly = randomId("sess");
    var crafted =
        batch(
            paymentOnly,
            randomId("win"),
            0,
            List.of(
                meta(t, "https://shop.example.com/checkout/payment"),
                fullSnapshot(t + 1),
                incremental(t + 10)));
    HttpResponse<String> dropped = http.ingest(bytes(crafted), false, INGEST_KEY);
    assertEquals(200, dropped.statusCode());
    assertEquals(0, json(dropped).get("accepted").asInt());
    assertTrue(
        storage.sessions().session(List.of("shop"), paymentOnly).isEmpty(),
        "nothing stored from a blocked page");
    assertNotEquals(
        0, storage.sessions().session(List.of("shop"), session).orElseThrow().eventCount());
  }
}
