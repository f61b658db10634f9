package dev.replaylink.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The service's own meters (names as documented in the deployment guide; Prometheus shows them with
 * {@code _total} and {@code .} as {@code _}). Tag values come from bounded sets only: configured
 * project names, outcome codes, encodings. Thread-safe; counting never throws into the caller.
 */
@Singleton
public final class ServiceMeters {
  public static final String INGEST_BATCHES = "replaylink.ingest.batches";
  public static final String INGEST_EVENTS = "replaylink.ingest.events";
  public static final String INGEST_BYTES = "replaylink.ingest.bytes";
  public static final String OTLP_SPANS = "replaylink.otlp.spans";
  public static final String TRACES_DROPPED = "replaylink.traces.dropped.spans";
  public static final String ERROR_REPORTS = "replaylink.error.reports";
  public static final String RETENTION_DELETED = "replaylink.retention.deleted";

  /** Outcome of a batch or report whose project is not known (bad ingest key). */
  public static final String UNKNOWN_PROJECT = "unknown";

  private final MeterRegistry registry;

  public ServiceMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One ingest request: {@code accepted}, {@code duplicate}, or the refusal's error code. */
  public void batch(String project, String outcome) {
    Counter.builder(INGEST_BATCHES)
        .description(
            "Ingest batches by project and outcome (accepted, duplicate, or the refusal reason)")
        .tag("project", project)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Events stored from accepted batches. */
  public void events(String project, int count) {
    Counter.builder(INGEST_EVENTS)
        .description("Events stored from accepted ingest batches")
        .tag("project", project)
        .register(registry)
        .increment(count);
  }

  /**
   * Ingest body bytes as sent ({@code compressed}) and after gzip decoding ({@code decompressed}).
   */
  public void bytes(String project, long compressed, long decompressed) {
    Counter.builder(INGEST_BYTES)
        .description("Ingest body bytes, as sent and after decompression")
        .baseUnit("bytes")
        .tag("project", project)
        .tag("encoding", "compressed")
        .register(registry)
        .increment(compressed);
    Counter.builder(INGEST_BYTES)
        .description("Ingest body bytes, as sent and after decompression")
        .baseUnit("bytes")
        .tag("project", project)
        .tag("encoding", "decompressed")
        .register(registry)
        .increment(decompressed);
  }

  /**
   * Spans of OTLP exports: {@code received} (every span of an accepted export), {@code rejected}
   * (malformed session or trace ID), {@code kept} (stored for the trace view), {@code dropped}
   * (over the {@code replaylink.traces.*} caps).
   */
  public void spans(String outcome, long count) {
    // registered even at 0, so that the series exists before the first span of that outcome
    Counter.builder(OTLP_SPANS)
        .description("OTLP spans by outcome (received, rejected, kept, dropped)")
        .tag("outcome", outcome)
        .register(registry)
        .increment(count);
  }

  /** Spans not kept because a trace or a session reached its {@code replaylink.traces.*} cap. */
  public void droppedSpans(String project, long count) {
    Counter.builder(TRACES_DROPPED)
        .description(
            "Spans of recorded sessions not kept: max-spans-per-trace or max-traces-per-session reached")
        .tag("project", project)
        .register(registry)
        .increment(count);
  }

  /** One backend error report: {@code accepted}, {@code duplicate}, or the refusal's error code. */
  public void errorReport(String project, String outcome) {
    Counter.builder(ERROR_REPORTS)
        .description("Backend error reports by project and outcome")
        .tag("project", project)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Sessions deleted by the retention job. */
  public void retentionDeleted(String project, long sessions) {
    Counter.builder(RETENTION_DELETED)
        .description("Sessions deleted by the retention job")
        .tag("project", project)
        .register(registry)
        .increment(sessions);
  }
}
