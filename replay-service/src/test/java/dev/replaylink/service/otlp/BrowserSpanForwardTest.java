package dev.replaylink.service.otlp;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.api.EmbeddedServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With {@code replaylink.otlp.forward.endpoint} set, a recorded browser request reaches a real
 * OTLP/HTTP receiver as a CLIENT span of its trace, with the replay link and the configured
 * headers.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSpanForwardTest extends EmbeddedServiceTest implements TestPropertyProvider {
  static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  @Override
  public Map<String, String> getProperties() {
    return Map.of(
        "replaylink.otlp.forward.endpoint",
        RECEIVER.endpoint(),
        "replaylink.otlp.forward.headers.x-api-key",
        "collector-key-1");
  }

  @AfterAll
  void stopReceiver() {
    RECEIVER.close();
  }

  @Test
  void recordedRequestReachesTheCollectorAsTheTraceRootWithTheReplayLink() throws Exception {
    String trace = dev.replaylink.service.TestObjects.randomTraceId();
    String session = randomId("sess");
    long t = System.currentTimeMillis() - 2_000;
    HttpResponse<String> r =
        http.ingest(
            bytes(
                batch(
                    session,
                    randomId("win"),
                    0,
                    List.of(
                        meta(t, "https://shop.example.com/"),
                        fullSnapshot(t + 1),
                        TraceViewApiTest.tracedRequest(
                            t + 50, trace, TraceViewApiTest.BROWSER_SPAN)))),
            false,
            INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());

    OtlpReceiver.Received got = RECEIVER.received.poll(20, TimeUnit.SECONDS);
    assertNotNull(got, "no export reached the receiver");
    assertEquals(
        List.of("collector-key-1"),
        got.headers().entrySet().stream()
            .filter(h -> h.getKey().equalsIgnoreCase("x-api-key"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null),
        "configured headers are sent: " + got.headers());
    ResourceSpans resource = got.request().getResourceSpans(0);
    assertEquals("browser", attribute(resource.getResource().getAttributesList(), "service.name"));
    Span span = resource.getScopeSpans(0).getSpans(0);
    assertEquals(trace, HexFormat.of().formatHex(span.getTraceId().toByteArray()));
    assertEquals(
        TraceViewApiTest.BROWSER_SPAN, HexFormat.of().formatHex(span.getSpanId().toByteArray()));
    assertTrue(span.getParentSpanId().isEmpty(), "the trace's root");
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
    assertEquals((t + 50) * 1_000_000L, span.getStartTimeUnixNano());
    assertEquals(84 * 1_000_000L, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
    assertEquals(
        "https://replay.example.com/replay/" + session + "?t=" + (t + 50),
        attribute(span.getAttributesList(), "session_replay.url"));
    assertEquals(session, attribute(span.getAttributesList(), "session.id"));
    assertEquals(
        "https://shop.example.com/api/checkout?cart=7&token=[scrubbed]",
        attribute(span.getAttributesList(), "url.full"));
    assertEquals("500", attribute(span.getAttributesList(), "http.response.status_code"));
  }

  private static String attribute(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return kv.getValue().hasIntValue()
            ? String.valueOf(kv.getValue().getIntValue())
            : kv.getValue().getStringValue();
      }
    }
    return null;
  }
}
