package dev.replaylink.service.otlp;

import static dev.replaylink.service.TestObjects.INGEST_KEY;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.index.BrowserSpans;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A listener of recorded browser spans that fails never fails the batch they came in: it is stored
 * and acknowledged.
 */
@MicronautTest(environments = ExportListenerFailureTest.ENV)
class ExportListenerFailureTest extends EmbeddedServiceTest {
  static final String ENV = "failing-export-listener";

  @Singleton
  @Requires(env = ENV)
  static final class FailingListener {
    final AtomicInteger calls = new AtomicInteger();

    @EventListener
    void on(BrowserSpans.Recorded recorded) {
      calls.incrementAndGet();
      throw new IllegalStateException("export listener down");
    }
  }

  @Inject FailingListener listener;

  @Test
  void aTracedRequestIsStoredAndAcknowledgedWhenTheExportListenerThrows() throws Exception {
    String session = randomId("sess");
    String trace = TestObjects.randomTraceId();
    long t = System.currentTimeMillis() - 2_000;
    HttpResponse<String> r =
        http.ingest(
            bytes(
                batch(
                    session,
                    randomId("win"),
                    0,
                    List.of(
                        meta(t, "https://shop.example.com/"),
                        fullSnapshot(t + 1),
                        TraceViewApiTest.tracedRequest(
                            t + 50, trace, TraceViewApiTest.BROWSER_SPAN)))),
            false,
            INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, listener.calls.get(), "the listener was called (and threw)");
    HttpResponse<String> view =
        http.get("/api/v1/sessions/" + session + "/traces/" + trace, VIEWER_TOKEN);
    assertEquals(200, view.statusCode(), view.body());
    assertTrue(
        view.body().contains(TraceViewApiTest.BROWSER_SPAN),
        "the browser span is kept for the trace view: " + view.body());
  }
}
