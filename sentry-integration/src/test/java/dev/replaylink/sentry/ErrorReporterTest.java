package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sentry.NoOpLogger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {
  private final AtomicInteger status = new AtomicInteger(200);
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private final HttpServer server = start();

  private HttpServer start() {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      s.createContext(
          "/api/v1/errors",
          exchange -> {
            received.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("X-Replaylink-Key"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
          });
      s.start();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ErrorReporter reporter(int capacity) {
    return new ErrorReporter(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/errors"),
        "key-1",
        capacity,
        Duration.ofSeconds(2),
        NoOpLogger.getInstance());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void reportsArePostedWithTheIngestKey() throws Exception {
    ErrorReporter reporter = reporter(8);
    assertTrue(reporter.offer("{\"a\":1}"));
    assertTrue(reporter.offer("{\"a\":2}"));
    assertTrue(reporter.awaitIdle(Duration.ofSeconds(5)));
    assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), received);
    assertEquals(List.of("key-1", "key-1"), keys);
    assertEquals(2, reporter.sent());
    reporter.close();
  }

  @Test
  void failingServiceIsNotHammeredAndQueueDropsBeyondCapacity() throws Exception {
    status.set(503);
    ErrorReporter reporter = reporter(3);
    reporter.offer("{\"first\":1}");
    assertTrue(waitFor(() -> reporter.dropped() == 1), "the first report failed");
    for (int i = 0; i < 10; i++) {
      reporter.offer("{\"n\":" + i + "}");
    }
    Thread.sleep(300);
    assertEquals(1, received.size(), "paused after the failure");
    assertEquals(1 + 7, reporter.dropped(), "one failed, seven did not fit in the queue");
    reporter.close();
    assertFalse(reporter.offer("{}"), "closed");
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }
}
