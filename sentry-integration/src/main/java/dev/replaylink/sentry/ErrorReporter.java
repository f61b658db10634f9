package dev.replaylink.sentry;

import dev.replaylink.protocol.Attributes;
import io.sentry.ILogger;
import io.sentry.SentryLevel;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends error reports to replay-service ({@code POST /api/v1/errors}) from one daemon thread.
 *
 * <p>{@link #offer} never blocks and never throws: a report that does not fit in the bounded queue
 * is dropped and counted, and so is one that fails to send. No retries: a missing back-link costs
 * less than a host application that waits on its error reporting. After a failure that will repeat
 * (connection refused, timeout, 5xx, 401/403/429) the worker pauses, doubling from 1 s up to 30 s,
 * so a replay-service that is down is not hammered and the host does not pay for failing
 * connections; meanwhile the queue fills and new reports are dropped at {@link #offer}. Failures
 * are logged through Sentry's logger at debug level only, so they are quiet unless Sentry's debug
 * mode is on. The thread and HTTP client are created on the first report, not at construction.
 */
final class ErrorReporter implements ReportQueue, Closeable {
  static final String KEY_HEADER = Attributes.INGEST_KEY_HEADER;
  static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  static final Duration MAX_PAUSE = Duration.ofSeconds(30);
  static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final URI endpoint;
  private final String ingestKey;
  private final Duration timeout;
  private final BlockingQueue<String> queue;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  /** Reports accepted and not yet sent or dropped. */
  private final AtomicInteger pending = new AtomicInteger();

  private volatile ILogger logger;
  private volatile boolean closed;
  private volatile boolean started;
  private Thread worker;

  /** Worker-thread state: when sending may resume, and the next pause after a failure. */
  private long pausedUntil;

  private long nextPauseNanos = FIRST_PAUSE.toNanos();

  ErrorReporter(URI endpoint, String ingestKey, int capacity, Duration timeout, ILogger logger) {
    this.endpoint = endpoint;
    this.ingestKey = ingestKey;
    this.timeout = timeout;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.logger = logger;
    this.pausedUntil = System.nanoTime();
  }

  void setLogger(ILogger logger) {
    this.logger = logger;
  }

  /**
   * Queues one JSON report; false (and counted as dropped) when the queue is full or the reporter
   * closed.
   */
  @Override
  public boolean offer(String json) {
    pending.incrementAndGet();
    if (closed || !queue.offer(json)) {
      pending.decrementAndGet();
      dropped.incrementAndGet();
      return false;
    }
    if (!started) {
      start();
    }
    return true;
  }

  long sent() {
    return sent.get();
  }

  long dropped() {
    return dropped.get();
  }

  /** Waits until every queued report was sent or dropped, at most {@code timeout}. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (pending.get() == 0) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  private synchronized void start() {
    if (!started && !closed) {
      worker = new Thread(this::run, "replaylink-sentry-reporter");
      worker.setDaemon(true);
      worker.start();
      started = true;
    }
  }

  private void run() {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
    try {
      while (!(closed && (queue.isEmpty() || paused()))) {
        if (paused()) {
          Thread.sleep(
              Math.min(TimeUnit.NANOSECONDS.toMillis(pausedUntil - System.nanoTime()) + 1, 200));
          continue;
        }
        String report = queue.poll(200, TimeUnit.MILLISECONDS);
        if (report != null) {
          try {
            send(client, report);
          } finally {
            pending.decrementAndGet();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      while (queue.poll() != null) {
        dropped.incrementAndGet();
        pending.decrementAndGet();
      }
    }
  }

  private boolean paused() {
    return System.nanoTime() - pausedUntil < 0;
  }

  private void send(HttpClient client, String report) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(KEY_HEADER, ingestKey)
            .POST(HttpRequest.BodyPublishers.ofString(report, StandardCharsets.UTF_8))
            .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 == 2) {
        sent.incrementAndGet();
        nextPauseNanos = FIRST_PAUSE.toNanos();
        return;
      }
      if (status != 400 && status != 413) {
        pause();
      }
      dropped.incrementAndGet();
      logger.log(
          SentryLevel.DEBUG,
          "Replaylink: replay-service answered %d to an error report; dropped.",
          status);
    } catch (InterruptedException e) {
      dropped.incrementAndGet();
      throw e;
    } catch (IOException | RuntimeException e) {
      pause();
      dropped.incrementAndGet();
      logger.log(
          SentryLevel.DEBUG,
          "Replaylink: error report not delivered to " + endpoint + "; dropped.",
          e);
    }
  }

  private void pause() {
    pausedUntil = System.nanoTime() + nextPauseNanos;
    nextPauseNanos = Math.min(nextPauseNanos * 2, MAX_PAUSE.toNanos());
  }

  /**
   * Stops accepting reports. The worker sends what is queued unless paused, for at most {@link
   * #CLOSE_WAIT} (shutdown must not hang on a slow replay-service); then it is interrupted and the
   * rest is dropped.
   */
  @Override
  public void close() {
    closed = true;
    Thread w;
    synchronized (this) {
      w = worker;
    }
    if (w != null) {
      try {
        w.join(Math.min(timeout.toMillis(), CLOSE_WAIT.toMillis()));
        w.interrupt();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
