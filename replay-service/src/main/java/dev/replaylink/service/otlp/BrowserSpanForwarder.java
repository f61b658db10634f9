package dev.replaylink.service.otlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaylink.service.config.OtlpForwardConfiguration;
import dev.replaylink.service.index.BrowserSpans;
import dev.replaylink.service.model.StoredSpan;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the browser's client spans to the team's collector ({@code
 * replaylink.otlp.forward.endpoint}, OTLP/HTTP protobuf, with the OpenTelemetry SDK's exporter over
 * the JDK HTTP client), so Jaeger and Tempo show each recorded request as its trace's root, with
 * the replay link. Ingest only enqueues: a bounded queue of {@value #QUEUE} spans, drained every
 * second in exports of up to {@value #BATCH}; when the collector is slow or down, spans past the
 * queue are dropped and counted, never blocking ingest.
 */
@Singleton
@Requires(property = OtlpForwardConfiguration.PREFIX + ".endpoint", pattern = "https?://.+")
final class BrowserSpanForwarder {
  static final int QUEUE = 8192;
  static final int BATCH = 512;
  private static final Logger LOG = LoggerFactory.getLogger(BrowserSpanForwarder.class);

  private final OtlpHttpSpanExporter exporter;
  private final ObjectMapper mapper;
  private final BlockingQueue<SpanData> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong exported = new AtomicLong();

  BrowserSpanForwarder(OtlpForwardConfiguration config, ObjectMapper mapper) {
    OtlpHttpSpanExporterBuilder builder =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(config.getEndpoint())
            .setTimeout(Duration.ofSeconds(10));
    config.getHeaders().forEach(builder::addHeader);
    this.exporter = builder.build();
    this.mapper = mapper;
  }

  @EventListener
  void on(BrowserSpans.Recorded recorded) {
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        BrowserSpans.SERVICE,
                        AttributeKey.stringKey("replaylink.project"),
                        recorded.project())));
    for (StoredSpan span : recorded.spans()) {
      if (!queue.offer(new ForwardedSpan(span, resource, mapper))) {
        dropped.incrementAndGet();
      }
    }
  }

  @Scheduled(fixedDelay = "1s", initialDelay = "1s")
  void drain() {
    List<SpanData> batch = new ArrayList<>(BATCH);
    while (queue.drainTo(batch, BATCH) > 0) {
      CompletableResultCode result = exporter.export(batch).join(15, TimeUnit.SECONDS);
      if (result.isSuccess()) {
        exported.addAndGet(batch.size());
      } else {
        dropped.addAndGet(batch.size());
        LOG.warn(
            "{} browser span(s) could not be exported to {}; {} dropped in total",
            batch.size(),
            exporterEndpoint(),
            dropped.get());
        return;
      }
      batch.clear();
    }
  }

  /** Spans exported and dropped since start. */
  long[] counts() {
    return new long[] {exported.get(), dropped.get()};
  }

  private String exporterEndpoint() {
    return exporter.toString();
  }

  @PreDestroy
  void close() {
    drain();
    exporter.shutdown().join(5, TimeUnit.SECONDS);
  }
}
