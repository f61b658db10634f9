package dev.replaylink.service.browser;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay page's Trace panel in Chromium: a recorded checkout request and its backend spans,
 * received over OTLP, shown as a waterfall from the browser request through the failing span that
 * threw.
 */
@MicronautTest
@Property(
    name = "replaylink.ui.trace-url-template",
    value = "https://grafana.example/explore?trace={traceId}")
class TracePanelIT extends EmbeddedServiceTest {
  static final String BROWSER_SPAN = "0af7651916cd43dd";
  static final String SERVER_SPAN = "b7ad6b7169203331";
  static final String DB_SPAN = "c1d2e3f405060708";

  /**
   * A recorded session whose checkout request failed, and that request's backend spans received
   * over OTLP.
   */
  record Checkout(String session, String trace, long at) {}

  Checkout recordFailingCheckout() {
    String session = randomId("sess");
    String trace = TestObjects.randomTraceId();
    List<JsonNode> events = new ArrayList<>(TestObjects.fixtureEvents());
    long at = events.get(events.size() / 2).get("timestamp").asLong();
    ObjectNode p =
        TestObjects.JSON
            .createObjectNode()
            .put("method", "POST")
            .put("url", "https://shop.example.com/api/checkout")
            .put("status", 500)
            .put("durationMs", 120)
            .put("traceId", trace)
            .put("spanId", BROWSER_SPAN);
    p.putObject("request")
        .put("body", "{\"cart\":[1],\"password\":\"hunter2\"}")
        .putObject("headers")
        .put("content-type", "application/json");
    events.add(events.size() / 2, TestObjects.custom(at, "network", p));
    for (int i = 0; i * 40 < events.size(); i++) {
      var b =
          batch(
              session,
              "window-" + session.substring(5, 17),
              i,
              events.subList(i * 40, Math.min(events.size(), (i + 1) * 40)));
      assertEquals(200, http.ingest(bytes(b), true, INGEST_KEY).statusCode());
    }
    long ns = at * 1_000_000L;
    Span serverSpan =
        span(
                trace,
                SERVER_SPAN,
                BROWSER_SPAN,
                "POST /api/checkout",
                Span.SpanKind.SPAN_KIND_SERVER,
                ns + 5_000_000,
                ns + 110_000_000)
            .addAttributes(kv("session.id", session))
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
            .build();
    Span db =
        span(
                trace,
                DB_SPAN,
                SERVER_SPAN,
                "PaymentService.charge",
                Span.SpanKind.SPAN_KIND_INTERNAL,
                ns + 20_000_000,
                ns + 90_000_000)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
            .addEvents(
                Span.Event.newBuilder()
                    .setName("exception")
                    .setTimeUnixNano(ns + 90_000_000)
                    .addAttributes(kv("exception.type", "dev.shop.PaymentDeclinedException"))
                    .addAttributes(kv("exception.message", "card declined"))
                    .addAttributes(
                        kv(
                            "exception.stacktrace",
                            "dev.shop.PaymentDeclinedException: card declined\n\tat dev.shop.PaymentService.charge(PaymentService.java:31)")))
            .build();
    ExportTraceServiceRequest export =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder().addAttributes(kv("service.name", "shop-api")))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(serverSpan).addSpans(db)))
            .build();
    assertEquals(
        200,
        http.send(
                http.request("/v1/traces")
                    .header("Content-Type", "application/x-protobuf")
                    .header("X-Replaylink-Key", INGEST_KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(export.toByteArray())))
            .statusCode());
    return new Checkout(session, trace, at);
  }

  JsonNode openTracePanel(Checkout c, String screenshot) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "BASE_URL",
                server.getURL().toString(),
                "TOKEN",
                ADMIN_TOKEN,
                "SESSION_ID",
                c.session(),
                "MOMENT",
                String.valueOf(c.at()),
                "TRACE_ID",
                c.trace()));
    if (screenshot != null) {
      env.put("SCREENSHOT", screenshot);
    }
    return BrowserScripts.run("src/test/browser/trace-panel.mjs", env, Duration.ofSeconds(90));
  }

  @Test
  void selectingTheCheckoutRequestShowsItsWaterfallWithTheExceptionOfTheSpanThatThrew() {
    Checkout c = recordFailingCheckout();
    String trace = c.trace();
    JsonNode seen = openTracePanel(c, "target/trace-panel.png");

    assertEquals("ready", seen.get("state").asText(), seen.toString());
    assertEquals(trace, seen.get("traceId").asText());
    assertTrue(seen.get("focusInPanel").asBoolean(), "focus moves into the panel: " + seen);
    JsonNode rows = seen.get("rows");
    assertEquals(3, rows.size(), seen.toString());
    assertEquals(
        "browser", rows.get(0).get("service").asText(), "the browser request is the root: " + rows);
    assertEquals(0, rows.get(0).get("depth").asInt());
    assertEquals("shop-api", rows.get(1).get("service").asText());
    assertEquals(1, rows.get(1).get("depth").asInt());
    assertEquals("PaymentService.charge", rows.get(2).get("name").asText());
    assertEquals(2, rows.get(2).get("depth").asInt());
    for (JsonNode row : rows) {
      assertTrue(row.get("failed").asBoolean(), "every span of this failure is failing: " + row);
      assertEquals(
          "rgb(200, 50, 43)", row.get("barColor").asText(), "failing spans are red: " + row);
    }
    assertTrue(rows.get(2).get("threw").asBoolean());
    assertEquals("70 ms", rows.get(2).get("duration").asText());
    assertEquals(
        "PaymentService.charge",
        seen.get("selected").asText(),
        "the span that threw is shown first");
    assertEquals(
        "dev.shop.PaymentDeclinedException: card declined", seen.get("exception").asText());
    assertTrue(seen.get("stack").asText().contains("PaymentService.java:31"), seen.toString());
    assertTrue(
        seen.get("request").asText().contains("\"password\":\"[masked]\""),
        "request detail shown, masked: " + seen.get("request"));
    assertFalse(seen.get("request").asText().contains("hunter2"));
    assertFalse(
        seen.get("request").asText().contains("null"),
        "no empty part shown as text: " + seen.get("request"));
    assertFalse(seen.get("externalHidden").asBoolean());
    assertTrue(
        seen.get("externalVisible").asBoolean(),
        "Open in Jaeger / Tempo / Grafana is shown: " + seen);
    assertEquals(
        "https://grafana.example/explore?trace=" + trace, seen.get("externalHref").asText());
    assertEquals(
        "POST /api/checkout",
        seen.get("afterArrow").asText(),
        "↓ and Enter select the next span: " + seen);
    assertTrue(
        seen.get("closed").asBoolean() && seen.get("focusBack").asBoolean(),
        "Esc closes and gives focus back: " + seen);
    assertTrue(
        seen.get("backendErrorEntries").asInt() >= 1,
        "the failure's backend-error marker is listed with its trace: " + seen);
    assertEquals(
        "ready",
        seen.path("fromBackendError").path("state").asText(),
        "the backend-error marker opens the panel: " + seen);
    assertEquals(trace, seen.path("fromBackendError").path("traceId").asText());
    assertEquals(3, seen.path("fromBackendError").path("rows").asInt(), seen.toString());
    assertEquals(0, seen.get("cspViolations").size(), seen.toString());
    assertEquals(0, seen.get("pageErrors").size(), seen.toString());
  }

  @Test
  @Property(name = "replaylink.ui.trace-url-template", value = "")
  void withoutATraceUrlTemplateThePanelShowsTheTraceButNoLinkToATraceUi() {
    Checkout c = recordFailingCheckout();
    JsonNode seen = openTracePanel(c, null);

    assertEquals("ready", seen.get("state").asText(), seen.toString());
    assertEquals(3, seen.get("rows").size(), "the trace is shown all the same: " + seen);
    assertTrue(
        seen.get("externalHidden").asBoolean(),
        "no Open in Jaeger / Tempo / Grafana link without a template: " + seen);
    assertFalse(seen.get("externalVisible").asBoolean(), seen.toString());
    assertEquals(0, seen.get("pageErrors").size(), seen.toString());
  }

  static Span.Builder span(
      String trace,
      String id,
      String parent,
      String name,
      Span.SpanKind kind,
      long start,
      long end) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(id)))
        .setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(parent)))
        .setName(name)
        .setKind(kind)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(end);
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
