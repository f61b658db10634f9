package dev.replaylink.service.model;

/**
 * One span of a trace as the trace view keeps it: a backend span received over OTLP, or the client
 * span the service made from a recorded browser request. Values are already capped and masked.
 *
 * @param parentSpanId null for a root span
 * @param kind OTLP span kind without prefix: {@code SERVER}, {@code CLIENT}, {@code INTERNAL}, …
 * @param status {@code UNSET}, {@code OK} or {@code ERROR}
 * @param attributesJson JSON object of the span's attributes
 * @param eventsJson JSON array of the span's events ({@code name}, {@code timeMs}, {@code
 *     attributes})
 * @param browserJson the recorded network event a client span was made from, as JSON; null for
 *     backend spans
 */
public record StoredSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String service,
    String name,
    String kind,
    long startNanos,
    long durationNanos,
    String status,
    String statusMessage,
    String attributesJson,
    String eventsJson,
    String browserJson) {}
