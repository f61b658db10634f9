package dev.replaylink.service.model;

/**
 * Outcome of writing a batch: how many events were stored, whether it was a retry of a stored
 * batch, or which session limit refused it ({@code "bytes"} or {@code "duration"}; null when none
 * did) and the moment the recording stops at then (the session's last stored moment).
 */
public record WriteResult(int accepted, boolean duplicate, String limitReached, long stoppedAt) {
  public WriteResult(int accepted, boolean duplicate) {
    this(accepted, duplicate, null, 0);
  }

  /** A batch refused by a session limit. */
  public static WriteResult limited(String limit, long stoppedAt) {
    return new WriteResult(0, false, limit, stoppedAt);
  }
}
