package dev.replaylink.service.otlp;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.gzip;
import static dev.replaylink.service.api.Http.json;
import static dev.replaylink.service.otlp.OtlpSpans.failed;
import static dev.replaylink.service.otlp.OtlpSpans.randomTraceId;
import static dev.replaylink.service.otlp.OtlpSpans.request;
import static dev.replaylink.service.otlp.OtlpSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/traces} end to end over HTTP, against H2, read back through the query API. */
@MicronautTest
class OtlpTraceApiTest extends EmbeddedServiceTest {
  static final long START = 1_760_000_100_000L;

  private HttpResponse<String> post(byte[] body, String contentType, boolean gzip, String key) {
    HttpRequest.Builder b =
        http.request("/v1/traces")
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body));
    if (key != null) {
      b.header("X-Replaylink-Key", key);
    }
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return http.send(b);
  }

  @Test
  void protobufExportLinksTraceAndAddsBackendErrorOnce() throws Exception {
    String session = TestObjects.randomId("sess");
    String trace = randomTraceId();
    byte[] body =
        request(
                span(trace, session, START, START + 80),
                failed(
                    span(trace, session, START + 10, START + 70),
                    "java.lang.IllegalStateException",
                    "card declined"))
            .toByteArray();
    HttpResponse<String> first = post(body, "application/x-protobuf", false, INGEST_KEY);
    assertEquals(200, first.statusCode(), first.body());
    ExportTraceServiceResponse.parseFrom(first.body().getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(
        200,
        post(body, "application/x-protobuf", false, INGEST_KEY).statusCode(),
        "a retried export is fine");

    JsonNode links = json(http.get("/api/v1/traces/" + trace, ADMIN_TOKEN));
    assertEquals(session, links.get("sessions").get(0).get("sessionId").asText());
    List<JsonNode> errors = new ArrayList<>();
    json(http.get("/api/v1/sessions/" + session, ADMIN_TOKEN))
        .get("markers")
        .forEach(
            m -> {
              if (m.get("kind").asText().equals("backend-error")) {
                errors.add(m);
              }
            });
    assertEquals(1, errors.size(), "stored once despite the retry: " + errors);
    assertEquals(START + 70, errors.get(0).get("timestamp").asLong());
    assertEquals(
        "java.lang.IllegalStateException: card declined", errors.get(0).get("label").asText());
    assertEquals(trace, errors.get(0).get("traceId").asText());
  }

  @Test
  void otlpJsonWithHexIdsAndGzipIsAccepted() {
    String session = TestObjects.randomId("sess");
    String trace = randomTraceId();
    String body =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},"
            + "\"spans\":[{\"traceId\":\""
            + trace
            + "\",\"spanId\":\"00f067aa0ba902b7\",\"name\":\"GET /\",\"kind\":2,"
            + "\"startTimeUnixNano\":\""
            + START * 1_000_000L
            + "\",\"endTimeUnixNano\":\""
            + (START + 5) * 1_000_000L
            + "\","
            + "\"attributes\":[{\"key\":\"session.id\",\"value\":{\"stringValue\":\""
            + session
            + "\"}}],"
            + "\"status\":{\"code\":2,\"message\":\"boom\"}}]}]}]}";
    HttpResponse<String> r =
        post(body.getBytes(StandardCharsets.UTF_8), "application/json", true, INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals(
        START,
        json(http.get("/api/v1/traces/" + trace, ADMIN_TOKEN))
            .get("sessions")
            .get(0)
            .get("timestamp")
            .asLong());
  }

  @Test
  void malformedSessionsAreReportedAsRejectedSpans() {
    String body =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
            + randomTraceId()
            + "\","
            + "\"spanId\":\"00f067aa0ba902b7\",\"name\":\"x\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\","
            + "\"attributes\":[{\"key\":\"session.id\",\"value\":{\"stringValue\":\"no good\"}}]}]}]}]}";
    HttpResponse<String> r =
        post(body.getBytes(StandardCharsets.UTF_8), "application/json", false, INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, json(r).get("partialSuccess").get("rejectedSpans").asInt(), r.body());
  }

  @Test
  void exportsNeedAValidKeyAndAValidBody() {
    byte[] body = request(span(randomTraceId(), "s-12345678", START, START + 1)).toByteArray();
    assertEquals(401, post(body, "application/x-protobuf", false, null).statusCode());
    assertEquals(401, post(body, "application/x-protobuf", false, "wrong-key-123").statusCode());
    HttpResponse<String> garbage =
        post(new byte[] {1, 2, 3, 4}, "application/x-protobuf", false, INGEST_KEY);
    assertEquals(400, garbage.statusCode());
    // a protobuf client gets a google.rpc.Status (OtlpErrorEncodingTest), a JSON client the API's
    // JSON error
    assertTrue(garbage.body().contains("not a valid OTLP"), garbage.body());
    assertEquals(
        400,
        post("{nope".getBytes(StandardCharsets.UTF_8), "application/json", false, INGEST_KEY)
            .statusCode());
    assertEquals(415, post(body, "text/plain", false, INGEST_KEY).statusCode());
  }

  @Test
  void aFailureExportedInTwoPartsShowsOnceWhicheverPartArrivesFirst() throws Exception {
    for (boolean exceptionFirst : new boolean[] {true, false}) {
      String session = TestObjects.randomId("sess");
      String trace = randomTraceId();
      // the span that threw, and the server span that answered 500 without an exception event
      byte[] thrown =
          request(
                  failed(
                      span(trace, session, START + 10, START + 70),
                      "java.lang.IllegalStateException",
                      "card declined"))
              .toByteArray();
      byte[] answered =
          request(
                  span(trace, session, START, START + 80)
                      .setStatus(
                          io.opentelemetry.proto.trace.v1.Status.newBuilder()
                              .setCode(
                                  io.opentelemetry.proto.trace.v1.Status.StatusCode
                                      .STATUS_CODE_ERROR)))
              .toByteArray();
      for (byte[] part :
          exceptionFirst
              ? List.of(thrown, answered, answered)
              : List.of(answered, answered, thrown, thrown)) {
        assertEquals(200, post(part, "application/x-protobuf", false, INGEST_KEY).statusCode());
      }
      JsonNode detail = json(http.get("/api/v1/sessions/" + session, ADMIN_TOKEN));
      List<String> labels = new ArrayList<>();
      detail
          .get("markers")
          .forEach(
              m -> {
                if (m.get("kind").asText().equals("backend-error")) {
                  labels.add(m.get("label").asText());
                }
              });
      String order = exceptionFirst ? "exception first" : "status-only span first";
      assertEquals(List.of("java.lang.IllegalStateException: card declined"), labels, order);
      assertEquals(1, detail.get("errorCount").asInt(), order + ": " + detail);
    }
  }

  @Test
  void aFailureKnownOnlyFromItsStatusStillShowsOnce() throws Exception {
    String session = TestObjects.randomId("sess");
    String trace = randomTraceId();
    io.opentelemetry.proto.trace.v1.Status error =
        io.opentelemetry.proto.trace.v1.Status.newBuilder()
            .setCode(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)
            .setMessage("upstream timeout")
            .build();
    assertEquals(
        200,
        post(
                request(
                        span(trace, session, START, START + 80).setStatus(error),
                        span(trace, session, START + 5, START + 60).setStatus(error))
                    .toByteArray(),
                "application/x-protobuf",
                false,
                INGEST_KEY)
            .statusCode());
    assertEquals(
        200,
        post(
                request(span(trace, session, START + 1, START + 90).setStatus(error)).toByteArray(),
                "application/x-protobuf",
                false,
                INGEST_KEY)
            .statusCode());
    JsonNode detail = json(http.get("/api/v1/sessions/" + session, ADMIN_TOKEN));
    List<JsonNode> errors = new ArrayList<>();
    detail
        .get("markers")
        .forEach(
            m -> {
              if (m.get("kind").asText().equals("backend-error")) {
                errors.add(m);
              }
            });
    assertEquals(1, errors.size(), errors.toString());
    assertEquals("GET /checkout: upstream timeout", errors.get(0).get("label").asText());
    assertEquals(1, detail.get("errorCount").asInt(), detail.toString());
  }
}
