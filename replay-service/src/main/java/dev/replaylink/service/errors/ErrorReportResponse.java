package dev.replaylink.service.errors;

/**
 * Acknowledgement of an error report: markers stored now (0 or 1), and whether it had been stored
 * before.
 */
public record ErrorReportResponse(int accepted, boolean duplicate) {}
