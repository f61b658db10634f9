package dev.replaylink.service.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.Http;
import dev.replaylink.testsupport.ServiceProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A viewer opening a 200 MB session does not push the service out of its heap: the service runs
 * with {@code -Xmx256m} and streams the whole recording, every event of it, and stays up.
 */
class LargeSessionReadIT {
  static final int BATCHES = 64;
  static final int EVENTS_PER_BATCH = 4000;
  static final long MIN_BYTES = 200L * 1000 * 1000;

  @TempDir Path dir;

  /**
   * About 800 bytes of text, with exactly one '~' so that the events can be counted in the stream.
   */
  private static String event(long ts, int id) {
    String text =
        ("the quick brown fox jumps over the lazy dog " + (char) ('a' + id % 26) + " ").repeat(17)
            + "~";
    return "{\"type\":3,\"timestamp\":"
        + ts
        + ",\"data\":{\"source\":0,\"texts\":[],\"attributes\":[],\"removes\":[],"
        + "\"adds\":[{\"parentId\":1,\"nextId\":null,\"node\":{\"type\":3,\"textContent\":\""
        + text
        + "\",\"id\":"
        + id
        + "}}]}}";
  }

  @Test
  void aSessionOf200MegabytesIsReadFromAServiceWith256MegabytesOfHeap() throws Exception {
    try (ServiceProcess service =
        ServiceProcess.builder()
            .port(ServiceProcess.freePort())
            .heap("256m")
            .project("shop", TestObjects.INGEST_KEY)
            .adminToken("admin", TestObjects.ADMIN_TOKEN)
            .property("replaylink.ingest.rate-per-key", "0")
            .property("replaylink.ingest.rate-per-session", "0")
            .properties(
                Map.of(
                    "replaylink.ingest.max-session-bytes",
                    "4000000000",
                    "replaylink.storage.compaction.enabled",
                    "false"))
            .log(dir.resolve("service.log"))
            .workingDirectory(dir)
            .start()) {
      Http http = new Http(service.url());
      String session = TestObjects.randomId("large");
      String window = TestObjects.randomId("win");
      long t0 = System.currentTimeMillis() - 10 * 60_000;
      int id = 10;
      for (int b = 0; b < BATCHES; b++) {
        StringBuilder events = new StringBuilder();
        if (b == 0) {
          events
              .append(TestObjects.meta(t0, "https://shop.example.com/"))
              .append(',')
              .append(TestObjects.fullSnapshot(t0 + 1))
              .append(',');
        }
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
          events
              .append(i > 0 ? "," : "")
              .append(event(t0 + 2 + (long) b * EVENTS_PER_BATCH + i, id++));
        }
        String batch =
            "{\"sessionId\":\""
                + session
                + "\",\"windowId\":\""
                + window
                + "\",\"seq\":"
                + b
                + ",\"sentAt\":"
                + System.currentTimeMillis()
                + ",\"events\":["
                + events
                + "]}";
        HttpResponse<String> r =
            http.ingest(batch.getBytes(StandardCharsets.UTF_8), true, TestObjects.INGEST_KEY);
        assertEquals(200, r.statusCode(), "batch " + b + ": " + r.body());
      }

      HttpResponse<InputStream> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(service.url() + "/api/v1/sessions/" + session + "/events"))
                      .timeout(Duration.ofMinutes(5))
                      .header("Authorization", "Bearer " + TestObjects.ADMIN_TOKEN)
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      long bytes = 0;
      long events = 0;
      byte[] head = new byte[14];
      byte[] tail = new byte[2];
      try (InputStream in = r.body()) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
          for (int i = 0; i < n; i++) {
            if (bytes + i < head.length) {
              head[(int) (bytes + i)] = buffer[i];
            }
            if (buffer[i] == '~') {
              events++;
            }
          }
          if (n >= 2) {
            System.arraycopy(buffer, n - 2, tail, 0, 2);
          } else {
            tail[0] = tail[1];
            tail[1] = buffer[0];
          }
          bytes += n;
        }
      }
      assertTrue(bytes >= MIN_BYTES, "read " + bytes + " bytes");
      assertEquals((long) BATCHES * EVENTS_PER_BATCH, events, "every event, once");
      assertEquals("{\"sessionId\":\"", new String(head, StandardCharsets.UTF_8));
      assertEquals("]}", new String(tail, StandardCharsets.UTF_8), "the answer is complete");
      assertEquals(200, http.get("/health", null).statusCode(), "the service is still up");
    }
  }
}
