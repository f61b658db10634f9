package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests of the mixed run, spread round-robin over the instances as a load balancer would:
 * ingest batches (built when sent, so {@code sentAt} is the real time), session searches, replay
 * reads and OTLP span exports. An ingest batch that gets no answer, or a 5xx, is sent again, the
 * same bytes (same session, window and seq), to the next instance, as the snippet resends, until
 * one answers 200 or {@link #GIVE_UP} passes. Reads and exports are not resent. Thread-safe.
 */
final class MixedTraffic {
  static final Duration GIVE_UP = Duration.ofSeconds(120);
  private static final AtomicInteger FAILURES_SHOWN = new AtomicInteger();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final List<String> instances;
  private final RecordingFixture fixture;
  private final String runId;
  private final long firstEventAt;
  private final long step;
  private final BatchLedger ledger;
  final OperationStats ingest;
  final OperationStats search;
  final OperationStats replay;
  final OperationStats otlp;

  MixedTraffic(
      List<String> instances,
      RecordingFixture fixture,
      String runId,
      BatchLedger ledger,
      RestartWindow window) {
    this.instances = instances;
    this.fixture = fixture;
    this.runId = runId;
    this.ledger = ledger;
    // sessions re-time the fixture from 6 hours ago, one batch per fixture length plus a second
    this.firstEventAt = System.currentTimeMillis() - 6 * 3_600_000L;
    this.step = fixture.durationMs() + 1_000;
    this.ingest = new OperationStats("ingest", window);
    this.search = new OperationStats("session search", window);
    this.replay = new OperationStats("replay read", window);
    this.otlp = new OperationStats("OTLP spans", window);
  }

  String sessionId(int session) {
    return IngestBodies.sessionId(runId, session, ledger.sessions);
  }

  /** Sends batch {@code i} until acknowledged, refused or given up. */
  void sendBatch(int i) {
    List<ObjectNode> events = IngestBodies.events(fixture, i, ledger.sessions, firstEventAt);
    byte[] gzip =
        RecordingFixture.gzip(
            IngestBodies.json(runId, i, ledger.sessions, System.currentTimeMillis(), events));
    long giveUpAt = System.nanoTime() + GIVE_UP.toNanos();
    int target = i % instances.size();
    for (int attempt = 0; ; attempt++) {
      Answer a =
          send(
              IngestBodies.request(instances.get(target), gzip),
              ingest,
              HttpResponse.BodyHandlers.ofString());
      if (a.status == 200) {
        ledger.acked(i, events.size(), a.body.contains("\"duplicate\":true"));
        return;
      }
      if (a.status >= 400 && a.status < 500 && a.status != 429) {
        show("ingest answered " + a.status + ": " + a.body);
        ledger.refused(i);
        return;
      }
      if (System.nanoTime() > giveUpAt) {
        ledger.gaveUp(i);
        return;
      }
      ledger.resends.incrementAndGet();
      target = (target + 1) % instances.size();
      sleep(Math.min(1000, 50L * (attempt + 1)));
    }
  }

  /** Session search {@code k}: a few filter shapes of the sessions list in turn. */
  void search(int k) {
    String query =
        switch (k % 5) {
          case 0 -> "limit=20";
          case 1 -> "limit=20&hasError=true";
          case 2 -> "limit=20&sort=duration&minDurationMs=5000";
          case 3 -> "limit=20&urlContains=checkout";
          default -> {
            long from = firstEventAt + ThreadLocalRandom.current().nextLong(3_600_000L);
            yield "limit=20&from=" + from + "&to=" + (from + 600_000L);
          }
        };
    read(k, "/api/v1/sessions?" + query, search);
  }

  /**
   * Replay read {@code k}: the events API of a random session from a random moment of it; none when
   * that session has no acknowledged batch yet (the first second of the run).
   */
  void replay(int k) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int session = random.nextInt(ledger.sessions);
    int last = ledger.lastAckedSeq(session);
    if (last < 0) {
      return; // nothing of this session acknowledged yet: a viewer could not have found it
    }
    long from = firstEventAt + random.nextInt(last + 1) * step + session;
    read(k, "/api/v1/sessions/" + sessionId(session) + "/events?from=" + from, replay);
  }

  /** OTLP export {@code k}: five server spans of a new trace in a random session, one failed. */
  void otlp(int k) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int session = random.nextInt(ledger.sessions);
    long at =
        (firstEventAt + Math.max(0, ledger.lastAckedSeq(session)) * step + session) * 1_000_000L;
    String traceId = RecordingFixture.hex(random, 32);
    StringBuilder spans = new StringBuilder();
    for (int s = 0; s < 5; s++) {
      if (s > 0) {
        spans.append(',');
      }
      boolean failed = s == 4;
      spans.append(
          String.format(
              Locale.ROOT,
              "{\"traceId\":\"%s\",\"spanId\":\"%s\",\"name\":\"GET /api/item/%d\",\"kind\":2,"
                  + "\"startTimeUnixNano\":\"%d\",\"endTimeUnixNano\":\"%d\",\"attributes\":"
                  + "[{\"key\":\"session.id\",\"value\":{\"stringValue\":\"%s\"}}]%s}",
              traceId,
              RecordingFixture.hex(random, 16),
              s,
              at + s * 1_000_000L,
              at + s * 1_000_000L + 800_000L,
              sessionId(session),
              failed
                  ? ",\"status\":{\"code\":2},\"events\":[{\"name\":\"exception\",\"timeUnixNano\":\""
                      + (at + s * 1_000_000L)
                      + "\",\"attributes\":[{\"key\":\"exception.type\",\"value\":{\"stringValue\":"
                      + "\"java.lang.IllegalStateException\"}},{\"key\":\"exception.message\","
                      + "\"value\":{\"stringValue\":\"Payment declined\"}}]}]"
                  : ""));
    }
    String body =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
            + "\"value\":{\"stringValue\":\"shop-api\"}}]},\"scopeSpans\":[{\"spans\":["
            + spans
            + "]}]}]}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instances.get(k % instances.size()) + "/v1/traces"))
            .header("Content-Type", "application/json")
            .header("X-Replaylink-Key", BenchService.INGEST_KEY)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    Answer a = send(request, otlp, HttpResponse.BodyHandlers.ofString());
    if (a.status >= 400) {
      show("OTLP answered " + a.status + ": " + a.body);
    }
  }

  private void read(int k, String path, OperationStats stats) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instances.get(k % instances.size()) + path))
            .header("Authorization", "Bearer " + BenchService.API_TOKEN)
            .timeout(Duration.ofSeconds(30))
            .build();
    // the whole answer is read (streamed, as a player would), and the time is to its last byte
    Answer a = send(request, stats, HttpResponse.BodyHandlers.ofInputStream());
    if (a.status >= 400) {
      show(stats.name + " " + path + " answered " + a.status);
    }
  }

  private record Answer(int status, String body) {}

  private <T> Answer send(
      HttpRequest request, OperationStats stats, HttpResponse.BodyHandler<T> handler) {
    long t0 = System.nanoTime();
    int status = -1;
    String body = "";
    try {
      HttpResponse<T> r = client.send(request, handler);
      status = r.statusCode();
      if (r.body() instanceof InputStream in) {
        try (in) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      } else if (r.body() != null) {
        body = r.body().toString();
      }
    } catch (IOException e) {
      // no answer (connection refused or reset: the instance is down), or a cut-off answer
      status = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stats.record(t0, System.nanoTime(), status);
    return new Answer(status, body);
  }

  private static void show(String message) {
    if (FAILURES_SHOWN.getAndIncrement() < 10) {
      System.err.println("  " + message);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
