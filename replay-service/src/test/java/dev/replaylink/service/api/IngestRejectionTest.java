package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.gzip;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.StorageCounts;
import dev.replaylink.service.storage.StorageComponent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad ingest request gets its status and a JSON reason, and leaves storage exactly as
 * it was. Limits in application-test.yml: 64 KiB on the wire, 512 KiB inflated, 500 events.
 */
@MicronautTest
class IngestRejectionTest extends EmbeddedServiceTest {
  @Inject StorageComponent storage;

  static ObjectNode valid() {
    return batch(
        randomId("sess"),
        randomId("win"),
        0,
        List.of(meta(T0, "https://shop.example.com/"), fullSnapshot(T0 + 1), incremental(T0 + 2)));
  }

  static ObjectNode with(Function<ObjectNode, ObjectNode> change) {
    return change.apply(valid());
  }

  record Bad(String name, HttpRequest.Builder request, int status, String code) {}

  static Stream<Arguments> badRequests() {
    String manyEvents;
    {
      ObjectNode b = valid();
      var arr = b.putArray("events");
      for (int i = 0; i < 501; i++) {
        arr.add(incremental(T0 + i));
      }
      manyEvents = b.toString();
    }
    String big = "x".repeat(600_000);
    ObjectNode bomb = valid();
    ((com.fasterxml.jackson.databind.node.ArrayNode) bomb.get("events"))
        .add(
            TestObjects.custom(
                T0 + 3, "track", TestObjects.JSON.createObjectNode().put("name", big)));
    String deep = "{\"a\":".repeat(1200) + "1" + "}".repeat(1200);
    return Stream.of(
        Arguments.of("malformed JSON", post("{\"sessionId\": \"abc"), 400, "malformed_json"),
        Arguments.of("not an object", post("[1,2,3]"), 400, "malformed_json"),
        Arguments.of(
            "duplicate keys",
            post(valid().toString().replaceFirst("\\{", "{\"seq\":1,")),
            400,
            "malformed_json"),
        Arguments.of(
            "invalid UTF-8",
            raw(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}),
            400,
            "malformed_json"),
        Arguments.of("deep nesting", post(deep), 400, "malformed_json"),
        Arguments.of(
            "session id wrong type",
            post(with(b -> b.put("seq", 1).put("sessionId", 12345678)).toString()),
            400,
            "invalid_field"),
        Arguments.of(
            "session id invalid",
            post(with(b -> b.put("sessionId", "bad id!")).toString()),
            400,
            "invalid_id"),
        Arguments.of(
            "session id too short",
            post(with(b -> b.put("sessionId", "short")).toString()),
            400,
            "invalid_id"),
        Arguments.of(
            "window id invalid",
            post(with(b -> b.put("windowId", "x/../../etc")).toString()),
            400,
            "invalid_id"),
        Arguments.of(
            "negative seq", post(with(b -> b.put("seq", -1)).toString()), 400, "invalid_field"),
        Arguments.of(
            "seq as string", post(with(b -> b.put("seq", "1")).toString()), 400, "invalid_field"),
        Arguments.of(
            "sentAt missing",
            post(
                with(b -> {
                      b.remove("sentAt");
                      return b;
                    })
                    .toString()),
            400,
            "invalid_field"),
        Arguments.of(
            "events not array",
            post(with(b -> b.put("events", "nope")).toString()),
            400,
            "invalid_field"),
        Arguments.of(
            "event without timestamp",
            post(
                with(b -> {
                      ((ObjectNode) b.get("events").get(2)).remove("timestamp");
                      return b;
                    })
                    .toString()),
            400,
            "invalid_event"),
        Arguments.of(
            "event with bad type",
            post(
                with(b -> {
                      ((ObjectNode) b.get("events").get(2)).put("type", 42);
                      return b;
                    })
                    .toString()),
            400,
            "invalid_event"),
        Arguments.of(
            "huge timestamp",
            post(
                with(b -> {
                      ((ObjectNode) b.get("events").get(2)).put("timestamp", 1e300);
                      return b;
                    })
                    .toString()),
            400,
            "invalid_event"),
        Arguments.of(
            "user id wrong type",
            post(
                with(b -> {
                      b.putObject("user").put("id", 5);
                      return b;
                    })
                    .toString()),
            400,
            "invalid_field"),
        Arguments.of("empty body", raw(new byte[0]), 400, "empty_body"),
        Arguments.of("invalid gzip", gzipHeader(new byte[] {1, 2, 3, 4}), 400, "invalid_gzip"),
        Arguments.of(
            "unknown key",
            post(valid().toString()).setHeader("X-Replaylink-Key", "not-a-key-at-all"),
            401,
            "unauthorized"),
        Arguments.of(
            "missing key",
            new Bad(
                    "",
                    HttpRequest.newBuilder()
                        .header("Origin", TestObjects.ALLOWED_ORIGIN)
                        .POST(HttpRequest.BodyPublishers.ofString(valid().toString())),
                    0,
                    "")
                .request(),
            401,
            "unauthorized"),
        Arguments.of(
            "origin not allowed",
            post(valid().toString()).setHeader("Origin", "https://evil.example"),
            403,
            "origin_not_allowed"),
        Arguments.of(
            "no origin for a project with origins",
            HttpRequest.newBuilder()
                .header("X-Replaylink-Key", INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(valid().toString())),
            403,
            "origin_not_allowed"),
        Arguments.of("too many events", post(manyEvents), 413, "too_many_events"),
        Arguments.of("body over compressed limit", post(bomb.toString()), 413, "body_too_large"),
        Arguments.of(
            "gzip bomb",
            gzipHeader(gzip(bomb.toString().getBytes(StandardCharsets.UTF_8))),
            413,
            "decompressed_too_large"),
        Arguments.of(
            "unsupported encoding",
            post(valid().toString()).setHeader("Content-Encoding", "br"),
            415,
            "unsupported_encoding"));
  }

  static HttpRequest.Builder post(String body) {
    return raw(body.getBytes(StandardCharsets.UTF_8));
  }

  static HttpRequest.Builder raw(byte[] body) {
    return HttpRequest.newBuilder()
        .header("Content-Type", "application/json")
        .header("X-Replaylink-Key", INGEST_KEY)
        .header("Origin", TestObjects.ALLOWED_ORIGIN)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  static HttpRequest.Builder gzipHeader(byte[] gz) {
    return raw(gz).header("Content-Encoding", "gzip");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badInputIsRefusedWithReasonAndStoresNothing(
      String name, HttpRequest.Builder request, int status, String code) {
    StorageCounts before = storage.counts();
    HttpResponse<String> r =
        http.send(request.uri(java.net.URI.create(server.getURL() + "/api/v1/ingest")));
    assertEquals(status, r.statusCode(), name + ": " + r.body());
    JsonNode body = Http.json(r);
    assertEquals(code, body.get("error").asText(), name + ": " + r.body());
    assertTrue(body.get("message").asText().length() > 10, "a human sentence: " + r.body());
    assertEquals(before, storage.counts(), name + " stored nothing");
  }

  @Test
  void batchOverTheCompressedLimitIsRefusedEvenWhenGzipped() {
    byte[] random = new byte[100_000];
    new java.util.Random(7).nextBytes(random);
    StringBuilder noise = new StringBuilder();
    for (byte b : random) {
      noise.append(Integer.toHexString(b & 0xff));
    }
    ObjectNode b = valid();
    ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("events"))
        .add(
            TestObjects.custom(
                T0 + 3,
                "track",
                TestObjects.JSON.createObjectNode().put("name", noise.toString())));
    StorageCounts before = storage.counts();
    HttpResponse<String> r = http.ingest(bytes(b), true, INGEST_KEY);
    assertEquals(413, r.statusCode(), r.body());
    assertEquals("body_too_large", Http.json(r).get("error").asText());
    assertEquals(before, storage.counts());
  }

  @Test
  void validBatchAfterRejectionsIsStored() {
    List<String> ids = new ArrayList<>();
    ObjectNode b = valid();
    ids.add(b.get("sessionId").asText());
    assertEquals(200, http.ingest(bytes(b), false, INGEST_KEY).statusCode());
    assertTrue(storage.sessions().session(List.of("shop"), ids.get(0)).isPresent());
  }
}
