package dev.replaylink.service.storage;

/** Outcome of {@link RecordingWriter#writeBatch}: how many events were stored, or that it was a retry. */
public record WriteResult(int accepted, boolean duplicate) {}
