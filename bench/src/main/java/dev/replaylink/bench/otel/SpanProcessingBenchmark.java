package dev.replaylink.bench.otel;

import dev.replaylink.otel.ReplaylinkAttributes;
import dev.replaylink.otel.internal.ReplayUrlSpanProcessor;
import dev.replaylink.otel.internal.SessionBaggageSpanProcessor;
import dev.replaylink.otel.internal.SessionSpanExport;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of starting and ending one span with the extension's span processors, against the bare SDK
 * (a simple span processor handing every span to a no-op exporter, on the calling thread, so the
 * figures do not depend on a background thread competing for the CPU) in the same run. "child" is
 * the common case: a span inside a request whose context carries {@code session.id} baggage. "root"
 * is the request's server span, which also gets {@code session_replay.url} and is queued for
 * replay-service. Both carry four attributes set at start, like instrumented spans do (an HTTP or
 * database span has more), in both variants.
 *
 * <p>Average time is reported with sample time: on a shared machine the average includes the time
 * the thread was not running, while the sample median is the cost of the work itself.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SpanProcessingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpanProcessingBenchmark {
  private static final String SESSION = "0192f0c4-7a1b-7c2d-9e3f-405162738495";

  private SdkTracerProvider bareProvider;
  private SdkTracerProvider replaylinkProvider;
  private SdkTracerProvider copyOnlyProvider;
  private Tracer bare;
  private Tracer copyOnly;
  private Tracer replaylink;
  private Context insideRequest;
  private Context incomingRequest;

  @Setup
  public void setUp() {
    bareProvider = sdk().build();
    replaylinkProvider =
        sdk()
            .addSpanProcessorFirst(SessionBaggageSpanProcessor.create())
            .addSpanProcessor(ReplayUrlSpanProcessor.create("https://replay.example.com"))
            .addSpanProcessor(SessionSpanExport.processor(SpanExporter.composite(), 50))
            .build();
    copyOnlyProvider = sdk().addSpanProcessorFirst(SessionBaggageSpanProcessor.create()).build();
    bare = bareProvider.get("bench");
    copyOnly = copyOnlyProvider.get("bench");
    replaylink = replaylinkProvider.get("bench");
    Baggage baggage = Baggage.builder().put(ReplaylinkAttributes.SESSION_ID_KEY, SESSION).build();
    SpanContext local =
        SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b8",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    insideRequest = Context.root().with(Span.wrap(local)).with(baggage);
    incomingRequest = Context.root().with(Span.wrap(remote)).with(baggage);
  }

  @TearDown
  public void tearDown() {
    bareProvider.close();
    replaylinkProvider.close();
    copyOnlyProvider.close();
  }

  private static SdkTracerProviderBuilder sdk() {
    return SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(new NoopExporter()));
  }

  @Benchmark
  public void childSpanBareSdk() {
    child(bare);
  }

  @Benchmark
  public void childSpanWithReplaylink() {
    child(replaylink);
  }

  /**
   * Only the copy of {@code session.id} onto the span, as the agent's own baggage processor does
   * it.
   */
  @Benchmark
  public void childSpanWithSessionAttributeOnly() {
    child(copyOnly);
  }

  @Benchmark
  public void rootSpanBareSdk() {
    root(bare);
  }

  @Benchmark
  public void rootSpanWithReplaylink() {
    root(replaylink);
  }

  private void child(Tracer tracer) {
    tracer
        .spanBuilder("SELECT shop.cart")
        .setSpanKind(SpanKind.CLIENT)
        .setParent(insideRequest)
        .setAttribute("db.system", "postgresql")
        .setAttribute("db.namespace", "shop")
        .setAttribute("db.operation.name", "SELECT")
        .setAttribute("server.port", 5432L)
        .startSpan()
        .end();
  }

  private void root(Tracer tracer) {
    tracer
        .spanBuilder("GET /cart")
        .setSpanKind(SpanKind.SERVER)
        .setParent(incomingRequest)
        .setAttribute("http.request.method", "GET")
        .setAttribute("url.path", "/cart")
        .setAttribute("http.route", "/cart")
        .setAttribute("server.port", 8080L)
        .startSpan()
        .end();
  }

  /** Accepts and discards: the benchmark measures the application thread, not the export. */
  static final class NoopExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
