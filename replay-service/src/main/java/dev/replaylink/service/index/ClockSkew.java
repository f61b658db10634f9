package dev.replaylink.service.index;

import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.RawEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Corrects a client's wrong clock. The batch says when the client sent it ({@code sentAt}); the
 * server knows when it arrived. When the two differ by more than the tolerance, every timestamp in
 * the batch is shifted by the difference, so that the replay lines up with backend errors and spans
 * (which carry server time). Events still too far in the past or the future are refused.
 */
public final class ClockSkew {
  private ClockSkew() {}

  /**
   * @return the batch with corrected timestamps (the same instance when no correction is needed)
   * @throws OutOfRange when an event is outside the accepted window (ingest answers 400 {@code
   *     timestamp_out_of_range})
   */
  public static ParsedBatch correct(
      ParsedBatch batch, long receivedAt, long toleranceMs, long maxAgeMs) {
    long skew = receivedAt - batch.sentAt();
    long delta = Math.abs(skew) > toleranceMs ? skew : 0;
    List<RawEvent> events = batch.events();
    for (int i = 0; i < events.size(); i++) {
      long ts = events.get(i).timestamp() + delta;
      if (ts > receivedAt + toleranceMs || ts < receivedAt - maxAgeMs) {
        throw new OutOfRange(
            "events["
                + i
                + "].timestamp is "
                + (ts > receivedAt ? "in the future" : "older than the accepted age")
                + " even after correcting the client's clock by "
                + delta
                + " ms (sentAt vs receive time).");
      }
    }
    if (delta == 0) {
      return batch;
    }
    List<RawEvent> shifted = new ArrayList<>(events.size());
    for (RawEvent e : events) {
      shifted.add(e.shifted(delta));
    }
    return new ParsedBatch(
        batch.sessionId(), batch.windowId(), batch.seq(), batch.sentAt(), batch.userId(), shifted);
  }

  /**
   * An event's timestamp is outside the accepted window even after correcting the client's clock.
   */
  public static final class OutOfRange extends RuntimeException {
    OutOfRange(String message) {
      super(message, null, false, false);
    }
  }
}
