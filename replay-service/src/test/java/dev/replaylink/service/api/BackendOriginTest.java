package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.ALLOWED_ORIGIN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.TestObjects.randomTraceId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backend endpoints ({@code /v1/traces}, {@code /api/v1/errors}) take the ingest key from
 * servers, which send no Origin, and from the project's own pages; a browser on any other site is
 * refused and nothing it sent is stored.
 */
@MicronautTest
class BackendOriginTest extends EmbeddedServiceTest {
  /** A backend endpoint with a body linking a fresh session to a fresh trace. */
  enum Endpoint {
    TRACES("/v1/traces") {
      String body(String session, String trace) {
        long start = System.currentTimeMillis() - 5000;
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},"
            + "\"spans\":[{\"traceId\":\""
            + trace
            + "\",\"spanId\":\"00f067aa0ba902b7\",\"name\":\"GET /\",\"kind\":2,"
            + "\"startTimeUnixNano\":\""
            + start * 1_000_000L
            + "\",\"endTimeUnixNano\":\""
            + (start + 5) * 1_000_000L
            + "\","
            + "\"attributes\":[{\"key\":\"session.id\",\"value\":{\"stringValue\":\""
            + session
            + "\"}}],"
            + "\"status\":{\"code\":2,\"message\":\"boom\"}}]}]}]}";
      }
    },
    ERRORS("/api/v1/errors") {
      String body(String session, String trace) {
        return "{\"sessionId\":\""
            + session
            + "\",\"timestamp\":"
            + (System.currentTimeMillis() - 5000)
            + ",\"traceId\":\""
            + trace
            + "\",\"source\":\"sentry\",\"eventId\":\""
            + randomId("ev")
            + "\",\"type\":\"IllegalStateException\",\"message\":\"declined\"}";
      }
    };

    final String path;

    Endpoint(String path) {
      this.path = path;
    }

    abstract String body(String session, String trace);

    /**
     * Where what was sent shows up: the trace's session link, or the session the error report
     * belongs to.
     */
    String stored(String session, String trace) {
      return this == TRACES ? "/api/v1/traces/" + trace : "/api/v1/sessions/" + session;
    }
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void browserFromAnotherSiteIsRefusedAndNothingStored(Endpoint endpoint) {
    for (String origin :
        new String[] {"https://evil.example", "null", ALLOWED_ORIGIN + ".evil.example"}) {
      String session = randomId("sess");
      String trace = randomTraceId();
      HttpResponse<String> refused = post(endpoint, endpoint.body(session, trace), origin);
      assertEquals(403, refused.statusCode(), origin + ": " + refused.body());
      assertEquals("origin_not_allowed", json(refused).get("error").asText());
      assertEquals(
          404,
          http.get(endpoint.stored(session, trace), ADMIN_TOKEN).statusCode(),
          "nothing stored for " + origin);
    }
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void serversAndTheProjectsOwnPagesAreAccepted(Endpoint endpoint) {
    for (String origin : new String[] {null, ALLOWED_ORIGIN}) {
      String session = randomId("sess");
      String trace = randomTraceId();
      HttpResponse<String> accepted = post(endpoint, endpoint.body(session, trace), origin);
      assertEquals(200, accepted.statusCode(), origin + ": " + accepted.body());
      assertEquals(
          200,
          http.get(endpoint.stored(session, trace), ADMIN_TOKEN).statusCode(),
          "stored for " + origin);
    }
  }

  private HttpResponse<String> post(Endpoint endpoint, String body, String origin) {
    HttpRequest.Builder b =
        http.request(endpoint.path)
            .header("Content-Type", "application/json")
            .header("X-Replaylink-Key", INGEST_KEY)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b);
  }
}
