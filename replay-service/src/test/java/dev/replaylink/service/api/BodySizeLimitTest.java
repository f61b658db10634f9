package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.StorageCounts;
import dev.replaylink.service.storage.StorageComponent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Bodies above the limit are refused as they arrive, not after being read in full, and every such
 * refusal is a JSON error. The test configuration limits bodies to 65,536 bytes.
 */
@MicronautTest
class BodySizeLimitTest extends EmbeddedServiceTest {
  static final int LIMIT = 65_536;

  @Inject StorageComponent storage;

  record RawResponse(int status, String head, String body) {}

  /**
   * Sends the request head and the given part of the body, then reads the response (without sending
   * the rest).
   */
  RawResponse exchange(String head, byte[] bodyPart) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.getPort())) {
      s.setSoTimeout(20_000); // a server that waited for the declared body would never answer
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(bodyPart);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
      while (!headBytes.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed before the response head: " + headBytes);
        }
        headBytes.write(b);
      }
      String responseHead = headBytes.toString(StandardCharsets.US_ASCII);
      int status = Integer.parseInt(responseHead.substring(9, 12));
      int length = -1;
      for (String line : responseHead.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = length >= 0 ? in.readNBytes(length) : new byte[0];
      return new RawResponse(status, responseHead, new String(body, StandardCharsets.UTF_8));
    }
  }

  static String post(String path, String... headers) {
    StringBuilder b =
        new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  static JsonNode jsonError(RawResponse r) throws IOException {
    assertTrue(
        r.head().toLowerCase(Locale.ROOT).contains("content-type: application/json"), r.head());
    JsonNode body = TestObjects.JSON.readTree(r.body());
    assertTrue(body.get("message").asText().length() > 10, r.body());
    return body;
  }

  @Test
  void declaredLengthAboveTheLimitIsRefusedBeforeTheBodyArrives() throws IOException {
    StorageCounts before = storage.counts();
    RawResponse r =
        exchange(
            post(
                "/api/v1/ingest",
                "Content-Type: application/json",
                "X-Replaylink-Key: " + INGEST_KEY,
                "Origin: " + TestObjects.ALLOWED_ORIGIN,
                "Content-Length: 1000000"),
            "{\"sessionId\":".getBytes(StandardCharsets.UTF_8));
    assertEquals(413, r.status(), r.head() + r.body());
    JsonNode body = jsonError(r);
    assertEquals("body_too_large", body.get("error").asText());
    assertTrue(
        body.get("message").asText().contains(String.valueOf(LIMIT)),
        "names the limit: " + r.body());
    assertEquals(before, storage.counts());
  }

  @Test
  void declaredLengthAboveTheLimitOnOtherEndpointsIsAJsonErrorToo() throws IOException {
    RawResponse r =
        exchange(
            post(
                "/api/v1/errors",
                "Content-Type: application/json",
                "X-Replaylink-Key: " + INGEST_KEY,
                "Content-Length: 1000000"),
            new byte[] {'{'});
    assertEquals(413, r.status(), r.head() + r.body());
    assertEquals("body_too_large", jsonError(r).get("error").asText());
  }

  @Test
  void chunkedBodyAboveTheLimitIsCutOffWithAJsonError() throws IOException {
    StorageCounts before = storage.counts();
    ByteArrayOutputStream chunked = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    java.util.Arrays.fill(chunk, (byte) ' ');
    for (int sent = 0; sent <= LIMIT + chunk.length; sent += chunk.length) {
      chunked.write(
          (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunked.write(chunk);
      chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    RawResponse r =
        exchange(
            post(
                "/api/v1/ingest",
                "Content-Type: application/json",
                "X-Replaylink-Key: " + INGEST_KEY,
                "Origin: " + TestObjects.ALLOWED_ORIGIN,
                "Transfer-Encoding: chunked"),
            chunked.toByteArray());
    assertEquals(413, r.status(), r.head() + r.body());
    assertEquals("body_too_large", jsonError(r).get("error").asText());
    assertEquals(before, storage.counts());
  }
}
