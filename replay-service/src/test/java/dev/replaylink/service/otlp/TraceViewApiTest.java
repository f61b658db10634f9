package dev.replaylink.service.otlp;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.OTHER_VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static dev.replaylink.service.otlp.OtlpSpans.attribute;
import static dev.replaylink.service.otlp.OtlpSpans.failed;
import static dev.replaylink.service.otlp.OtlpSpans.randomTraceId;
import static dev.replaylink.service.otlp.OtlpSpans.request;
import static dev.replaylink.service.otlp.OtlpSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trace view end to end: a recorded browser request and the backend's OTLP export of its trace,
 * read back through {@code GET /api/v1/sessions/{sessionId}/traces/{traceId}}.
 */
@MicronautTest
@Property(name = "replaylink.traces.max-spans-per-trace", value = "5")
@Property(
    name = "replaylink.ui.trace-url-template",
    value = "https://grafana.example/explore?trace={traceId}")
class TraceViewApiTest extends EmbeddedServiceTest {
  static final long T = System.currentTimeMillis() - 5_000;
  static final String BROWSER_SPAN = "00f067aa0ba902b7";

  static ObjectNode tracedRequest(long ts, String traceId, String spanId) {
    ObjectNode p =
        TestObjects.JSON
            .createObjectNode()
            .put("method", "POST")
            .put("url", "https://shop.example.com/api/checkout?cart=7&token=abc123")
            .put("status", 500)
            .put("durationMs", 84)
            .put("traceId", traceId)
            .put("spanId", spanId);
    ObjectNode req = p.putObject("request");
    req.putObject("headers")
        .put("content-type", "application/json")
        .put("authorization", "Bearer leaked");
    req.put("body", "{\"items\":[1,2],\"password\":\"hunter2\",\"card\":{\"number\":\"4111\"}}");
    p.putObject("response").putObject("headers").put("content-type", "application/json");
    return TestObjects.custom(ts, "network", p);
  }

  private String recordSession(String traceId) {
    String session = randomId("sess");
    HttpResponse<String> r =
        http.ingest(
            bytes(
                batch(
                    session,
                    randomId("win"),
                    0,
                    List.of(
                        meta(T, "https://shop.example.com/cart"),
                        fullSnapshot(T + 1),
                        tracedRequest(T + 100, traceId, BROWSER_SPAN)))),
            false,
            INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
    return session;
  }

  private void export(Span.Builder... spans) {
    HttpResponse<String> r =
        http.send(
            http.request("/v1/traces")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Replaylink-Key", INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request(spans).toByteArray())));
    assertEquals(200, r.statusCode(), r.body());
  }

  private static Span.Builder child(Span.Builder parent, String traceId, long start, long end) {
    return span(traceId, null, start, end)
        .setParentSpanId(parent.getSpanId())
        .setName("SELECT orders")
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT);
  }

  @Test
  void traceShowsBrowserRequestAndBackendSpansWithTheException() {
    String trace = randomTraceId();
    String session = recordSession(trace);
    Span.Builder server =
        span(trace, session, T + 110, T + 180)
            .setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(BROWSER_SPAN)));
    Span.Builder db =
        failed(child(server, trace, T + 120, T + 170), "java.sql.SQLException", "deadlock detected")
            .addAttributes(attribute("db.statement", "x".repeat(5000)))
            .addAttributes(attribute("http.request.header.authorization", "Bearer secret"))
            .addAttributes(attribute("customer.card", "4111 1111 1111 1111"));
    db.setEvents(
        0,
        db.getEvents(0).toBuilder()
            .addAttributes(
                attribute(
                    "exception.stacktrace",
                    "java.sql.SQLException: deadlock detected\n\tat shop.Orders.save(Orders.java:42)")));
    export(server, db);

    JsonNode view =
        json(http.get("/api/v1/sessions/" + session + "/traces/" + trace, VIEWER_TOKEN));
    assertEquals(trace, view.get("traceId").asText());
    assertEquals("https://grafana.example/explore?trace=" + trace, view.get("traceUrl").asText());
    assertEquals(0, view.get("dropped").asLong());
    JsonNode browser = view.get("browser");
    assertEquals("POST", browser.get("method").asText());
    assertEquals(BROWSER_SPAN, browser.get("spanId").asText());
    assertEquals(T + 100, browser.get("timestamp").asLong());
    assertEquals(
        "https://shop.example.com/api/checkout?cart=7&token=[scrubbed]",
        browser.get("url").asText());
    assertEquals(
        "[masked]",
        browser.get("request").get("headers").get("authorization").asText(),
        "the service masks secret headers");
    assertFalse(
        browser.get("request").get("body").asText().contains("hunter2"), browser.toString());

    Map<String, JsonNode> spans = new HashMap<>();
    view.get("spans").forEach(s -> spans.put(s.get("name").asText(), s));
    assertEquals(3, spans.size(), view.get("spans").toString());
    JsonNode client = spans.get("POST /api/checkout");
    assertEquals("CLIENT", client.get("kind").asText());
    assertEquals("browser", client.get("service").asText());
    assertEquals(BROWSER_SPAN, client.get("spanId").asText());
    assertTrue(client.get("parentSpanId").isNull());
    assertEquals("ERROR", client.get("status").asText());
    assertEquals(84.0, client.get("durationMs").asDouble());
    assertEquals(session, client.get("attributes").get("session.id").asText());
    assertEquals(
        "https://replay.example.com/replay/" + session + "?t=" + (T + 100),
        client.get("attributes").get("session_replay.url").asText());
    JsonNode serverSpan = spans.get("GET /checkout");
    assertEquals(
        BROWSER_SPAN,
        serverSpan.get("parentSpanId").asText(),
        "the backend's root hangs under the browser span");
    JsonNode dbSpan = spans.get("SELECT orders");
    assertEquals(serverSpan.get("spanId").asText(), dbSpan.get("parentSpanId").asText());
    assertEquals("ERROR", dbSpan.get("status").asText());
    assertEquals((T + 120) + 0.0001, dbSpan.get("startMs").asDouble(), 0.001);
    assertEquals(
        SpanRecords.MAX_VALUE_CHARS,
        dbSpan.get("attributes").get("db.statement").asText().length(),
        "values are capped");
    assertEquals(
        "[masked]", dbSpan.get("attributes").get("http.request.header.authorization").asText());
    assertEquals("[masked]", dbSpan.get("attributes").get("customer.card").asText());
    JsonNode exception = dbSpan.get("events").get(0);
    assertEquals("exception", exception.get("name").asText());
    assertEquals("java.sql.SQLException", exception.get("type").asText());
    assertEquals("deadlock detected", exception.get("message").asText());
    assertTrue(exception.get("stacktrace").asText().contains("Orders.java:42"));
  }

  @Test
  void spansPastTheLimitAreCountedAsDropped() {
    String trace = randomTraceId();
    String session = recordSession(trace);
    Span.Builder root = span(trace, session, T + 110, T + 180);
    Span.Builder[] spans = new Span.Builder[8];
    spans[0] = root;
    for (int i = 1; i < spans.length; i++) {
      spans[i] = child(root, trace, T + 110 + i, T + 120 + i);
    }
    export(spans);
    JsonNode view = json(http.get("/api/v1/sessions/" + session + "/traces/" + trace, ADMIN_TOKEN));
    assertEquals(5, view.get("spans").size(), "the browser span and four backend spans");
    assertEquals(4, view.get("dropped").asLong());
  }

  @Test
  void spansOfTracesLinkedToNoSessionAreNotKept() {
    String linked = randomTraceId();
    String session = recordSession(linked);
    String unlinked = randomTraceId();
    export(span(unlinked, null, T + 10, T + 20), span(linked, null, T + 110, T + 180));
    JsonNode view =
        json(http.get("/api/v1/sessions/" + session + "/traces/" + linked, ADMIN_TOKEN));
    assertEquals(
        2,
        view.get("spans").size(),
        "a span without session.id is kept when the browser linked its trace");
    HttpResponse<String> r =
        http.get("/api/v1/sessions/" + session + "/traces/" + unlinked, ADMIN_TOKEN);
    assertEquals(404, r.statusCode());
    assertEquals("not_found", json(r).get("error").asText());
  }

  @Test
  void traceOfAnotherProjectOrUnknownSessionIs404AndMalformedIdsAre400() {
    String trace = randomTraceId();
    String session = recordSession(trace);
    assertEquals(
        404,
        http.get("/api/v1/sessions/" + session + "/traces/" + trace, OTHER_VIEWER_TOKEN)
            .statusCode(),
        "a session of a project the caller may not read does not exist for it");
    assertEquals(
        404,
        http.get("/api/v1/sessions/" + randomId("sess") + "/traces/" + trace, ADMIN_TOKEN)
            .statusCode());
    assertEquals(
        400, http.get("/api/v1/sessions/" + session + "/traces/nothex", ADMIN_TOKEN).statusCode());
    assertEquals(
        401, http.get("/api/v1/sessions/" + session + "/traces/" + trace, null).statusCode());
  }

  @Test
  void traceOfARequestWithoutBackendSpansShowsTheBrowserSpanOnly() {
    String trace = randomTraceId();
    String session = recordSession(trace);
    JsonNode view = json(http.get("/api/v1/sessions/" + session + "/traces/" + trace, ADMIN_TOKEN));
    assertEquals(1, view.get("spans").size());
    assertNull(view.get("spans").get(0).get("parentSpanId").textValue());
  }
}
