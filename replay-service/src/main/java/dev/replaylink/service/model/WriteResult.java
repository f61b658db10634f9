package dev.replaylink.service.model;

/**
 * Outcome of writing a batch: how many events were stored, whether it was a
 * retry of a stored batch, or which session limit refused it (null when none did).
 */
public record WriteResult(int accepted, boolean duplicate, String limitReached) {
  public WriteResult(int accepted, boolean duplicate) {
    this(accepted, duplicate, null);
  }
}
