package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Pre-built gzip ingest bodies, so the load generator spends its CPU on sending, not on building.
 * Request {@code i} belongs to session {@code i % sessions} with seq {@code i / sessions}: many
 * sessions progress side by side, each batch being the fixture re-timed by its seq.
 */
final class IngestBodies {
  final String[] sessionIds;
  final byte[][] gzip;
  final int[] events;
  final int[] jsonBytes;
  final long[] firstTs;

  private IngestBodies(int count, int sessions) {
    this.sessionIds = new String[count];
    this.gzip = new byte[count][];
    this.events = new int[count];
    this.jsonBytes = new int[count];
    this.firstTs = new long[count];
  }

  /**
   * Bodies to send within about a minute of {@code sentAt} (the service's clock-skew tolerance).
   */
  static IngestBodies build(
      RecordingFixture fixture, int count, int sessions, String runId, long sentAt) {
    IngestBodies b = new IngestBodies(count, sessions);
    long start = System.currentTimeMillis() - 3_600_000L;
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              List<ObjectNode> events = events(fixture, i, sessions, start);
              byte[] json = json(runId, i, sessions, sentAt, events);
              b.sessionIds[i] = sessionId(runId, i, sessions);
              b.gzip[i] = RecordingFixture.gzip(json);
              b.events[i] = events.size();
              b.jsonBytes[i] = json.length;
              b.firstTs[i] = events.get(0).get("timestamp").asLong();
            });
    return b;
  }

  /** The session of request {@code i}. */
  static String sessionId(String runId, int i, int sessions) {
    return runId + "-s" + (i % sessions);
  }

  /**
   * The events of request {@code i}: the fixture re-timed to start at {@code start} plus its seq
   * times the fixture's length and a second (and the session's number in milliseconds).
   */
  static List<ObjectNode> events(RecordingFixture fixture, int i, int sessions, long start) {
    long step = fixture.durationMs() + 1_000;
    return fixture.copyAt(start + (i / sessions) * step + (i % sessions), new Random(i * 31L + 7));
  }

  /** The JSON body of request {@code i}: session {@code i % sessions}, seq {@code i / sessions}. */
  static byte[] json(String runId, int i, int sessions, long sentAt, List<ObjectNode> events) {
    String sessionId = sessionId(runId, i, sessions);
    return RecordingFixture.body(sessionId, sessionId + "-window", i / sessions, sentAt, events);
  }

  /**
   * The ingest request of one gzip body to the service at {@code baseUrl}, as the snippet sends it.
   */
  static HttpRequest request(String baseUrl, byte[] gzip) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/ingest"))
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .header("X-Replaylink-Key", BenchService.INGEST_KEY)
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip))
        .build();
  }

  int count() {
    return gzip.length;
  }
}
