package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Posts one session's batches to the ingest endpoint in order, as the recorder would. */
public final class SessionUpload {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI ingest;

  public SessionUpload(String baseUrl) {
    this.ingest = URI.create(baseUrl + "/api/v1/ingest");
  }

  /** Sends every batch; returns the number of events the service accepted. */
  public long send(String sessionId, String windowId, List<List<ObjectNode>> batches)
      throws IOException, InterruptedException {
    long accepted = 0;
    for (int seq = 0; seq < batches.size(); seq++) {
      byte[] body =
          RecordingFixture.gzip(
              RecordingFixture.body(
                  sessionId, windowId, seq, System.currentTimeMillis(), batches.get(seq)));
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(ingest)
                  .header("Content-Type", "application/json")
                  .header("Content-Encoding", "gzip")
                  .header("X-Replaylink-Key", BenchService.INGEST_KEY)
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException(
            "ingest of batch " + seq + " failed: " + r.statusCode() + " " + r.body());
      }
      accepted += RecordingFixture.JSON.readTree(r.body()).get("accepted").asLong();
    }
    return accepted;
  }
}
