package dev.replaylink.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's own meters (names as documented in the deployment guide; Prometheus shows them with
 * {@code _total} and {@code .} as {@code _}). Tag values come from bounded sets only: configured
 * project names, outcome codes, encodings. Thread-safe; counting never throws into the caller. Each
 * counter is registered once and then found by its name and tag values, since building and
 * registering a meter on every ingest request cost more than the count.
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
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

  /** A counter's name and its tags, as key-value pairs. */
  private record Key(String name, List<String> tags) {}

  public ServiceMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The counter {@code name} with {@code tags} (key, value, …), registered on first use. */
  private Counter counter(String name, String description, String baseUnit, String... tags) {
    return counters.computeIfAbsent(
        new Key(name, List.of(tags)),
        k -> {
          Counter.Builder b = Counter.builder(name).description(description).tags(tags);
          return (baseUnit == null ? b : b.baseUnit(baseUnit)).register(registry);
        });
  }

  /** One ingest request: {@code accepted}, {@code duplicate}, or the refusal's error code. */
  public void batch(String project, String outcome) {
    counter(
            INGEST_BATCHES,
            "Ingest batches by project and outcome (accepted, duplicate, or the refusal reason)",
            null,
            "project",
            project,
            "outcome",
            outcome)
        .increment();
  }

  /** Events stored from accepted batches. */
  public void events(String project, int count) {
    counter(INGEST_EVENTS, "Events stored from accepted ingest batches", null, "project", project)
        .increment(count);
  }

  /**
   * Ingest body bytes as sent ({@code compressed}) and after gzip decoding ({@code decompressed}).
   */
  public void bytes(String project, long compressed, long decompressed) {
    bodyBytes(project, "compressed").increment(compressed);
    bodyBytes(project, "decompressed").increment(decompressed);
  }

  private Counter bodyBytes(String project, String encoding) {
    return counter(
        INGEST_BYTES,
        "Ingest body bytes, as sent and after decompression",
        "bytes",
        "project",
        project,
        "encoding",
        encoding);
  }

  /**
   * Spans of OTLP exports: {@code received} (every span of an accepted export), {@code rejected}
   * (malformed session or trace ID), {@code kept} (stored for the trace view), {@code dropped}
   * (over the {@code replaylink.traces.*} caps).
   */
  public void spans(String outcome, long count) {
    // registered even at 0, so that the series exists before the first span of that outcome
    counter(
            OTLP_SPANS,
            "OTLP spans by outcome (received, rejected, kept, dropped)",
            null,
            "outcome",
            outcome)
        .increment(count);
  }

  /** Spans not kept because a trace or a session reached its {@code replaylink.traces.*} cap. */
  public void droppedSpans(String project, long count) {
    counter(
            TRACES_DROPPED,
            "Spans of recorded sessions not kept: max-spans-per-trace or max-traces-per-session reached",
            null,
            "project",
            project)
        .increment(count);
  }

  /** One backend error report: {@code accepted}, {@code duplicate}, or the refusal's error code. */
  public void errorReport(String project, String outcome) {
    counter(
            ERROR_REPORTS,
            "Backend error reports by project and outcome",
            null,
            "project",
            project,
            "outcome",
            outcome)
        .increment();
  }

  /** Sessions deleted by the retention job. */
  public void retentionDeleted(String project, long sessions) {
    counter(RETENTION_DELETED, "Sessions deleted by the retention job", null, "project", project)
        .increment(sessions);
  }
}
