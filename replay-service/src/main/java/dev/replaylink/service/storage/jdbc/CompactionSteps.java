package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.Compaction;

/**
 * A session's compaction as a run of steps, one window per transaction (so a long session never
 * holds its row lock for the whole job), summed into one result: before-figures of the first step,
 * after-figures of the last. Shared by the database and the object store compactions, which differ
 * only in what one step does.
 */
final class CompactionSteps {
  private CompactionSteps() {}

  /**
   * What one transaction did: {@code skipped} when the session was written to since it went quiet
   * (or is gone), {@code done} when no window is left to compact.
   */
  record Step(
      boolean skipped,
      boolean done,
      int chunksBefore,
      int chunksAfter,
      long bytesBefore,
      long bytesAfter,
      long rawBytes) {
    static final Step SKIPPED = new Step(true, false, 0, 0, 0, 0, 0);
  }

  /** Runs one step in its own transaction. */
  interface Next {
    Step run();
  }

  static Compaction run(Next next) {
    Step first = null;
    Step last = null;
    long raw = 0;
    while (true) {
      Step step = next.run();
      if (step.skipped()) {
        break;
      }
      first = first == null ? step : first;
      last = step;
      raw += step.rawBytes();
      if (step.done()) {
        break;
      }
    }
    if (first == null) {
      return Compaction.NOT_DONE;
    }
    return new Compaction(
        false,
        first.chunksBefore(),
        last.chunksAfter(),
        first.bytesBefore(),
        last.bytesAfter(),
        raw);
  }
}
