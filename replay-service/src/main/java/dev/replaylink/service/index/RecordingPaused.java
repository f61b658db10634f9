package dev.replaylink.service.index;

import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.protocol.PauseReasons;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.SessionLimits;

/**
 * The {@code recording-paused} marker of a session that reached a limit: where its recording stops
 * and why, in the words the replay timeline shows. Its dedupe key names the session and the limit,
 * so every later batch refused for the same reason adds nothing.
 */
public final class RecordingPaused {
  private RecordingPaused() {}

  /**
   * @param limit {@link PauseReasons#LIMIT_BYTES} or {@link PauseReasons#LIMIT_DURATION}
   */
  public static Marker marker(
      String sessionId, String limit, long stoppedAt, SessionLimits limits) {
    return new Marker(
        sessionId,
        stoppedAt,
        MarkerKinds.RECORDING_PAUSED,
        label(limit, limits),
        null,
        null,
        "limit:" + limit + ":" + sessionId);
  }

  static String label(String limit, SessionLimits limits) {
    return PauseReasons.LIMIT_BYTES.equals(limit)
        ? "Recording stopped: the session reached its size limit of "
            + (limits.maxStoredBytes() / (1024 * 1024))
            + " MB"
        : "Recording stopped: the session reached its length limit of "
            + (limits.maxDurationMs() / 60_000)
            + " minutes";
  }
}
