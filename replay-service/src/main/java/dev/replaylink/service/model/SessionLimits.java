package dev.replaylink.service.model;

/** Caps on one session: compressed bytes stored and time from first to last event. */
public record SessionLimits(long maxStoredBytes, long maxDurationMs) {
  public static final SessionLimits NONE = new SessionLimits(Long.MAX_VALUE, Long.MAX_VALUE);
}
