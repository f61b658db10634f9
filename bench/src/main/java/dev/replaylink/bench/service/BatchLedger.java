package dev.replaylink.bench.service;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the load generator knows about each ingest batch it sent (batch {@code i} is session {@code
 * i % sessions}, seq {@code i / sessions}, as in {@link IngestBodies}): acknowledged (200, stored
 * or a duplicate of a stored one), refused (4xx) or given up after resends, and the events each
 * acknowledged batch should have stored. Thread-safe.
 */
final class BatchLedger {
  static final int NONE = 0;
  static final int ACKED = 1;
  static final int REFUSED = 2;
  static final int GAVE_UP = 3;

  final int sessions;
  private final AtomicIntegerArray state;
  private final AtomicIntegerArray events;
  private final AtomicIntegerArray lastAckedSeq;
  final AtomicLong resends = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong acked = new AtomicLong();

  BatchLedger(int capacity, int sessions) {
    this.sessions = sessions;
    this.state = new AtomicIntegerArray(capacity);
    this.events = new AtomicIntegerArray(capacity);
    this.lastAckedSeq = new AtomicIntegerArray(sessions);
    for (int s = 0; s < sessions; s++) {
      lastAckedSeq.set(s, -1);
    }
  }

  int capacity() {
    return state.length();
  }

  /** A 200 for batch {@code i}, which holds {@code eventCount} events. */
  void acked(int i, int eventCount, boolean duplicate) {
    state.set(i, ACKED);
    events.set(i, eventCount);
    acked.incrementAndGet();
    if (duplicate) {
      duplicates.incrementAndGet();
    }
    lastAckedSeq.accumulateAndGet(i % sessions, i / sessions, Math::max);
  }

  void refused(int i) {
    state.set(i, REFUSED);
  }

  void gaveUp(int i) {
    state.set(i, GAVE_UP);
  }

  int state(int i) {
    return state.get(i);
  }

  int events(int i) {
    return events.get(i);
  }

  /** The highest acknowledged seq of session {@code s}; -1 when none yet. */
  int lastAckedSeq(int s) {
    return lastAckedSeq.get(s);
  }

  long count(int wanted) {
    long n = 0;
    for (int i = 0; i < state.length(); i++) {
      if (state.get(i) == wanted) {
        n++;
      }
    }
    return n;
  }
}
