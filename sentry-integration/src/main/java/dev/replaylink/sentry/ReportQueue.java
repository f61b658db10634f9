package dev.replaylink.sentry;

/** Where the processor hands error reports (JSON bodies); must never block or throw. */
interface ReportQueue {
  /** Accepts a report for delivery, or drops it; false when dropped. */
  boolean offer(String json);
}
