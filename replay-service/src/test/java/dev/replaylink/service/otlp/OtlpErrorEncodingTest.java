package dev.replaylink.service.otlp;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.otlp.OtlpSpans.randomTraceId;
import static dev.replaylink.service.otlp.OtlpSpans.request;
import static dev.replaylink.service.otlp.OtlpSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.UnknownFieldSet;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.api.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A refused OTLP export is answered in the client's encoding: a {@code google.rpc.Status} protobuf
 * to protobuf exporters (code and message), the API's JSON error to JSON exporters; 429 carries
 * {@code Retry-After}.
 */
@MicronautTest
@Property(name = "replaylink.ingest.rate-per-key", value = "1")
class OtlpErrorEncodingTest extends EmbeddedServiceTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private HttpResponse<byte[]> export(String contentType, String key, byte[] body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/traces"))
            .header("Content-Type", contentType)
            .header("X-Replaylink-Key", key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Field 1 (code) and field 2 (message) of a google.rpc.Status. */
  private static long code(HttpResponse<byte[]> r) throws IOException {
    return UnknownFieldSet.parseFrom(r.body()).getField(1).getVarintList().get(0);
  }

  private static String message(HttpResponse<byte[]> r) throws IOException {
    return UnknownFieldSet.parseFrom(r.body())
        .getField(2)
        .getLengthDelimitedList()
        .get(0)
        .toStringUtf8();
  }

  @Test
  void protobufClientsGetAnRpcStatus() throws Exception {
    HttpResponse<byte[]> badKey =
        export(
            "application/x-protobuf",
            "wrong-key-0123456789",
            request(span(randomTraceId(), null, 1, 2)).toByteArray());
    assertEquals(401, badKey.statusCode());
    assertEquals("application/x-protobuf", badKey.headers().firstValue("Content-Type").orElse(""));
    assertEquals(16, code(badKey), "UNAUTHENTICATED");
    assertEquals("Unknown ingest key.", message(badKey));

    HttpResponse<byte[]> malformed =
        export(
            "application/x-protobuf",
            TestObjects.OTHER_INGEST_KEY,
            new byte[] {(byte) 0xff, 0x01, 0x02});
    assertEquals(400, malformed.statusCode());
    assertEquals(3, code(malformed), "INVALID_ARGUMENT");
    assertTrue(message(malformed).contains("protobuf"), message(malformed));
  }

  @Test
  void jsonClientsGetTheApiJsonError() throws Exception {
    HttpResponse<byte[]> r =
        export(
            "application/json",
            "wrong-key-0123456789",
            "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8));
    assertEquals(401, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("unauthorized", TestObjects.JSON.readTree(r.body()).get("error").asText());
  }

  @Test
  void rateLimitedExportsAndBatchesCarryRetryAfter() throws Exception {
    byte[] body = request(span(randomTraceId(), null, 1, 2)).toByteArray();
    HttpResponse<byte[]> limited = null;
    for (int i = 0; i < 10 && limited == null; i++) {
      HttpResponse<byte[]> r = export("application/x-protobuf", INGEST_KEY, body);
      limited = r.statusCode() == 429 ? r : null;
    }
    assertTrue(limited != null, "a rate of 1 per second refuses some of 10 quick exports");
    assertEquals("1", limited.headers().firstValue("Retry-After").orElse(null));
    assertEquals(14, code(limited), "UNAVAILABLE, which exporters retry");
    HttpResponse<String> batch = null;
    for (int i = 0; i < 10 && batch == null; i++) {
      HttpResponse<String> r =
          http.ingest("{}".getBytes(StandardCharsets.UTF_8), false, INGEST_KEY);
      batch = r.statusCode() == 429 ? r : null;
    }
    assertTrue(batch != null, "ingest is limited by the same key");
    assertEquals("1", batch.headers().firstValue("Retry-After").orElse(null));
    assertEquals("rate_limited", Http.json(batch).get("error").asText());
  }
}
