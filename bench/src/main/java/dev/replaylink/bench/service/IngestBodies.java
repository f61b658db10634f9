package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
    long step = fixture.durationMs() + 1_000;
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              Random random = new Random(i * 31L + 7);
              String sessionId = runId + "-s" + (i % sessions);
              int seq = i / sessions;
              List<ObjectNode> events = fixture.copyAt(start + seq * step + (i % sessions), random);
              byte[] json =
                  RecordingFixture.body(sessionId, sessionId + "-window", seq, sentAt, events);
              b.sessionIds[i] = sessionId;
              b.gzip[i] = RecordingFixture.gzip(json);
              b.events[i] = events.size();
              b.jsonBytes[i] = json.length;
              b.firstTs[i] = events.get(0).get("timestamp").asLong();
            });
    return b;
  }

  int count() {
    return gzip.length;
  }
}
