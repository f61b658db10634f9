package dev.replaylink.service.errors;

/**
 * A validated backend error report ({@code POST /api/v1/errors}). Optional fields are null when
 * absent.
 *
 * @param source the reporting system, lower case (e.g. {@code sentry})
 * @param eventId the error's ID in the reporting system; makes a re-delivered report idempotent
 * @param link absolute http(s) URL of the error in the reporting system
 */
public record ErrorReport(
    String sessionId,
    long timestamp,
    String traceId,
    String source,
    String eventId,
    String type,
    String message,
    String link) {}
