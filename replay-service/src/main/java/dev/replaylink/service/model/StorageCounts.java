package dev.replaylink.service.model;

/** Totals over all projects: sessions, stored events, markers, trace links and batch keys. */
public record StorageCounts(
    long sessions, long events, long markers, long traceLinks, long batches) {}
