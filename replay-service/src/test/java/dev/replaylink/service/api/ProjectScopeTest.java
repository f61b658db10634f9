package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.JSON;
import static dev.replaylink.service.TestObjects.OTHER_ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.OTHER_INGEST_KEY;
import static dev.replaylink.service.TestObjects.OTHER_VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.network;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.TestObjects.randomTraceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A token (or a UI login) sees only its projects' sessions, on every read of the API and the UI:
 * the session, its events, the list, trace lookups (API and replay redirect) and insights; a
 * project-scoped admin deletes only in its projects.
 */
@MicronautTest
class ProjectScopeTest extends EmbeddedServiceTest {
  Recorded shop;

  /**
   * A session recorded for a test: its ID, user, the trace its failed request carried and its error
   * message.
   */
  record Recorded(String session, String user, String trace, String error) {}

  /** How a reader presents itself: an API token, or the cookie of a UI login with that token. */
  enum Via {
    BEARER,
    UI_COOKIE
  }

  /**
   * The reads a viewer can make: one row a route, with what "shows the session" looks like there.
   */
  enum Read {
    SESSION(
        r -> "/api/v1/sessions/" + r.session(),
        (res, r) -> res.statusCode() == 200 && res.body().contains(r.session())),
    EVENTS(
        r -> "/api/v1/sessions/" + r.session() + "/events",
        (res, r) -> res.statusCode() == 200 && res.body().contains(r.error())),
    LIST(
        r -> "/api/v1/sessions?limit=200&userId=" + r.user(),
        (res, r) -> res.statusCode() == 200 && res.body().contains(r.session())),
    TRACE_API(
        r -> "/api/v1/traces/" + r.trace(),
        (res, r) -> res.statusCode() == 200 && res.body().contains(r.session())),
    TRACE_PAGE(
        r -> "/replay/trace/" + r.trace(),
        (res, r) ->
            res.statusCode() == 302
                && res.headers()
                    .firstValue("Location")
                    .orElse("")
                    .startsWith("/replay/" + r.session() + "?")),
    INSIGHTS(
        r -> "/api/v1/insights?limit=50",
        (res, r) -> res.statusCode() == 200 && res.body().contains(r.error()));

    private final Function<Recorded, String> path;
    private final BiPredicate<HttpResponse<String>, Recorded> shows;

    Read(Function<Recorded, String> path, BiPredicate<HttpResponse<String>, Recorded> shows) {
      this.path = path;
      this.shows = shows;
    }

    HttpResponse<String> send(ProjectScopeTest t, Recorded r, Via via, String token) {
      return t.get(path.apply(r), via, token);
    }

    boolean shows(HttpResponse<String> res, Recorded r) {
      return shows.test(res, r);
    }

    /**
     * What a reader outside the project gets: 404 for a single resource, an answer without the
     * session for searches.
     */
    void assertHidden(HttpResponse<String> res, Recorded r) {
      switch (this) {
        case LIST, INSIGHTS -> {
          assertEquals(200, res.statusCode(), this + ": " + res.body());
          assertFalse(
              res.body().contains(r.session()) || res.body().contains(r.error()),
              this + " shows another project's session: " + res.body());
        }
        case TRACE_PAGE -> {
          assertEquals(404, res.statusCode(), this + ": " + res.body());
          assertFalse(
              res.body().contains(r.session()),
              this + " names another project's session: " + res.body());
        }
        default -> {
          assertEquals(404, res.statusCode(), this + ": " + res.body());
          assertEquals(
              "not_found",
              Http.json(res).get("error").asText(),
              "as if the session did not exist: " + res.body());
          assertFalse(
              res.body().contains(r.error()) || res.body().contains(r.user()),
              this + " shows another project's data: " + res.body());
        }
      }
    }
  }

  @BeforeEach
  void setUp() {
    shop = record(INGEST_KEY);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Read.class)
  void viewerSeesOnlyItsProjects(Read read) {
    for (Via via : Via.values()) {
      HttpResponse<String> own = read.send(this, shop, via, VIEWER_TOKEN);
      assertTrue(
          read.shows(own, shop),
          read
              + " via "
              + via
              + " for the project's viewer: "
              + own.statusCode()
              + " "
              + own.body());
      for (String outsider : List.of(OTHER_VIEWER_TOKEN, OTHER_ADMIN_TOKEN)) {
        read.assertHidden(read.send(this, shop, via, outsider), shop);
      }
    }
    Recorded other = record(OTHER_INGEST_KEY);
    assertTrue(
        read.shows(read.send(this, other, Via.BEARER, OTHER_VIEWER_TOKEN), other),
        read + " for the other project's viewer");
    read.assertHidden(read.send(this, other, Via.UI_COOKIE, VIEWER_TOKEN), other);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Via.class)
  void projectScopedAdminDeletesOnlyInItsProjects(Via via) {
    HttpResponse<String> refused =
        delete("/api/v1/sessions/" + shop.session(), via, OTHER_ADMIN_TOKEN);
    assertEquals(404, refused.statusCode(), refused.body());
    HttpResponse<String> byUser =
        delete("/api/v1/users/" + shop.user() + "/sessions", via, OTHER_ADMIN_TOKEN);
    assertEquals(200, byUser.statusCode(), byUser.body());
    assertEquals(0, Http.json(byUser).get("deleted").asInt());
    assertEquals(
        200,
        http.get("/api/v1/sessions/" + shop.session(), ADMIN_TOKEN).statusCode(),
        "the session is still there");

    Recorded other = record(OTHER_INGEST_KEY);
    HttpResponse<String> deleted =
        delete("/api/v1/sessions/" + other.session(), via, OTHER_ADMIN_TOKEN);
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals(404, http.get("/api/v1/sessions/" + other.session(), ADMIN_TOKEN).statusCode());
  }

  @Test
  void unscopedAdminSeesEveryProject() {
    Recorded other = record(OTHER_INGEST_KEY);
    assertEquals(200, http.get("/api/v1/sessions/" + shop.session(), ADMIN_TOKEN).statusCode());
    assertEquals(200, http.get("/api/v1/sessions/" + other.session(), ADMIN_TOKEN).statusCode());
  }

  /**
   * Records a session with a user, a failed traced request and an error, through the project of
   * this ingest key.
   */
  Recorded record(String ingestKey) {
    String letters = UUID.randomUUID().toString().replaceAll("[^a-f]", "").toLowerCase(Locale.ROOT);
    Recorded r =
        new Recorded(
            randomId("sess"),
            randomId("user"),
            randomTraceId(),
            "Scope check failed " + letters + " " + randomId("e"));
    long t = System.currentTimeMillis() - 5000;
    ObjectNode error = JSON.createObjectNode().put("type", "TypeError").put("message", r.error());
    ObjectNode b =
        batch(
            r.session(),
            randomId("win"),
            0,
            List.of(
                meta(t, "https://shop.example.com/cart"),
                fullSnapshot(t + 1),
                network(t + 10, 502, r.trace()),
                custom(t + 20, "error", error)));
    b.putObject("user").put("id", r.user());
    HttpResponse<String> res = http.ingest(bytes(b), false, ingestKey);
    assertEquals(200, res.statusCode(), res.body());
    return r;
  }

  HttpResponse<String> get(String path, Via via, String token) {
    return http.send(authenticated(http.request(path), via, token).GET());
  }

  HttpResponse<String> delete(String path, Via via, String token) {
    // the UI sends deletes from its own pages, which the CSRF check asks of cookie-authenticated
    // requests
    String own = ownOrigin();
    return http.send(authenticated(http.request(path), via, token).header("Origin", own).DELETE());
  }

  private HttpRequest.Builder authenticated(HttpRequest.Builder request, Via via, String token) {
    return via == Via.BEARER
        ? request.header("Authorization", "Bearer " + token)
        : request.header("Cookie", loginCookie(token));
  }

  private String loginCookie(String token) {
    HttpResponse<String> login =
        http.send(
            http.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8)
                            + "&next=/sessions")));
    String cookie =
        login
            .headers()
            .firstValue("Set-Cookie")
            .orElseThrow(() -> new AssertionError("no login cookie: " + login.headers()));
    return cookie.substring(0, cookie.indexOf(';'));
  }
}
