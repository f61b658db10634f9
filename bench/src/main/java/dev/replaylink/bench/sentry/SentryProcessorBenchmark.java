package dev.replaylink.bench.sentry;

import dev.replaylink.sentry.ReplaylinkIntegration;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.NoOpScopes;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.SentryOptions;
import io.sentry.protocol.Request;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the Replaylink event processor per Sentry error event, on the thread that calls {@code
 * captureException}. The events are built once and processed again in every invocation, so the
 * figures are the processor's own work (session lookup, replay URL, tags, context, report JSON),
 * not Sentry's event construction. {@code noSession} is the floor every unlinked event pays; {@code
 * sentryMainEventProcessor} is Sentry's own default processor on the same event, for scale. Reports
 * go to a port where nothing listens: after the first failure the reporter pauses, the queue fills
 * and further reports are dropped at the queue, the path a busy application takes while
 * replay-service is down.
 *
 * <p>Both the average and sampled single-operation times are reported: on a shared machine the
 * average includes time the thread was descheduled, while the sample median shows the work itself.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SentryProcessorBenchmark -f1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SentryProcessorBenchmark {
  private static final String SESSION_ID = "0192f3a4-7b6c-7d8e-9f01-23456789abcd";
  private static final IllegalStateException ERROR = new IllegalStateException("boom");

  private EventProcessor linkOnly;
  private EventProcessor linkAndReport;
  private EventProcessor sentryMain;
  private ReplaylinkIntegration reporting;
  private SentryEvent withSession;
  private SentryEvent withoutSession;
  private SentryEvent forSentryMain;

  @Setup(Level.Trial)
  public void setUp() {
    linkOnly =
        processorOf(ReplaylinkIntegration.builder().url("https://replay.example.com").build());
    reporting =
        ReplaylinkIntegration.builder()
            .url("http://127.0.0.1:9")
            .ingestKey("bench-key")
            .queueCapacity(64)
            .build();
    linkAndReport = processorOf(reporting);
    SentryOptions options = new SentryOptions();
    options.setDsn("https://key@o1.ingest.sentry.io/1");
    sentryMain = new io.sentry.MainEventProcessor(options);
    withSession =
        newEvent(
            request(
                Map.of("baggage", "tenant=acme,session.id=" + SESSION_ID, "user-agent", "bench")));
    withoutSession = newEvent(request(Map.of("baggage", "tenant=acme", "user-agent", "bench")));
    forSentryMain =
        newEvent(
            request(
                Map.of("baggage", "tenant=acme,session.id=" + SESSION_ID, "user-agent", "bench")));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    reporting.close();
  }

  private static EventProcessor processorOf(ReplaylinkIntegration integration) {
    SentryOptions options = new SentryOptions();
    options.setDsn("https://key@o1.ingest.sentry.io/1");
    integration.register(NoOpScopes.getInstance(), options);
    List<EventProcessor> processors = options.getEventProcessors();
    return processors.get(processors.size() - 1);
  }

  private static Request request(Map<String, String> headers) {
    Request request = new Request();
    request.setMethod("POST");
    request.setUrl("https://shop.example.com/checkout");
    request.setHeaders(new java.util.HashMap<>(headers));
    return request;
  }

  private static SentryEvent newEvent(Request request) {
    SentryEvent event = new SentryEvent(new Date());
    event.setThrowable(ERROR);
    event.setLevel(SentryLevel.ERROR);
    event.setRequest(request);
    return event;
  }

  @Benchmark
  public SentryEvent noSession() {
    return linkOnly.process(withoutSession, new Hint());
  }

  @Benchmark
  public SentryEvent sessionFromRequestBaggage() {
    return linkOnly.process(withSession, new Hint());
  }

  @Benchmark
  public SentryEvent sessionFromRequestBaggageAndReport() {
    return linkAndReport.process(withSession, new Hint());
  }

  /** The session from the OpenTelemetry context, as under the OTel agent. */
  @State(Scope.Thread)
  public static class OtelContext {
    private io.opentelemetry.context.Scope scope;

    @Setup(Level.Trial)
    public void enter() {
      scope =
          Context.root()
              .with(Baggage.builder().put("session.id", SESSION_ID).build())
              .makeCurrent();
    }

    @TearDown(Level.Trial)
    public void exit() {
      scope.close();
    }
  }

  @Benchmark
  public SentryEvent sessionFromOtelBaggage(OtelContext otel) {
    return linkOnly.process(withoutSession, new Hint());
  }

  @Benchmark
  public SentryEvent sentryMainEventProcessor() {
    return sentryMain.process(forSentryMain, new Hint());
  }
}
