package dev.replaylink.otel.internal;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;

/**
 * The export of session spans to replay-service, on the SDK's own {@link BatchSpanProcessor}
 * (bounded queue that drops when full, its own thread, flush and shutdown) behind {@link
 * RootAndErrorSpanProcessor}, exporting through {@link SessionSpanExporter}. Independent of the
 * application's exporters: its queue, thread and failures are its own.
 */
public final class SessionSpanExport {
  static final int MAX_QUEUE_SIZE = 2048;
  static final int MAX_EXPORT_BATCH_SIZE = 256;

  private SessionSpanExport() {}

  /** The processor for these settings (export enabled), with the transport they choose. */
  public static SpanProcessor create(ReplaylinkSettings settings) {
    return processor(transport(settings), settings.scheduleDelayMillis());
  }

  /** The processor exporting through {@code transport} every {@code delayMillis}. */
  public static SpanProcessor processor(SpanExporter transport, long delayMillis) {
    return new RootAndErrorSpanProcessor(
        BatchSpanProcessor.builder(new SessionSpanExporter(transport))
            .setScheduleDelay(delayMillis, TimeUnit.MILLISECONDS)
            .setMaxQueueSize(MAX_QUEUE_SIZE)
            .setMaxExportBatchSize(MAX_EXPORT_BATCH_SIZE)
            .build());
  }

  static SpanExporter transport(ReplaylinkSettings settings) {
    if (settings.exportSender() == ReplaylinkSettings.Sender.OTLP) {
      SpanExporter otlp =
          OtlpHttpTransport.createIfPresent(settings.tracesEndpoint(), settings.ingestKey());
      if (otlp != null) {
        return otlp;
      }
      RateLimitedLog.warn(
          "otel.replaylink.export.sender=otlp, but no OTLP/HTTP span exporter is on the class path:"
              + " exporting with the built-in JSON sender",
          null);
    }
    return OtlpJsonExporter.create(settings.tracesEndpoint(), settings.ingestKey());
  }
}
