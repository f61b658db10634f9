package dev.replaylink.service.ingest;

/** Acknowledgement of a batch: events stored now, and whether the batch had been stored before. */
public record IngestResponse(int accepted, boolean duplicate) {}
