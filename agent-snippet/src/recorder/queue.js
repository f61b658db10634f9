// Outgoing event queue: forms batches, gives each batch its sequence number once, and keeps memory
// bounded while the service cannot be reached. Pure logic; the transport decides when to send.

export const EVENT_META = 4;
export const EVENT_FULL_SNAPSHOT = 2;

export const DEFAULT_LIMITS = {
  maxBatchBytes: 900 * 1024, // under the service's 1 MiB request limit even without gzip
  maxBatchEvents: 2000,
  maxQueueBytes: 8 * 1024 * 1024,
};

/**
 * Events wait in `pending` (serialized once). `take()` turns the oldest pending events into the head
 * batch and assigns its `seq`; the head is resent unchanged (same seq) until `ack()` or `reject()`.
 * Only one batch holds a seq at a time, so dropping pending events never leaves a seq gap.
 */
export class BatchQueue {
  constructor(limits = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.pending = [];
    this.pendingBytes = 0;
    this.head = null;
    this.nextSeq = 0;
    this.dropped = { events: 0, batches: 0 };
    this.needsCheckout = false;
  }

  /** Adds one event; returns true when enough is pending to send a batch now. */
  push(event) {
    let json;
    try {
      json = JSON.stringify(event);
    } catch (e) {
      return false;
    }
    this.pending.push({ json, type: event.type, timestamp: event.timestamp });
    this.pendingBytes += json.length + 1;
    if (this.pendingBytes + (this.head ? this.head.bytes : 0) > this.limits.maxQueueBytes) this.shed();
    return this.pendingBytes >= this.limits.maxBatchBytes || this.pending.length >= this.limits.maxBatchEvents;
  }

  /** Oldest pending event time, or null. */
  oldestPending() {
    return this.pending.length ? this.pending[0].timestamp : null;
  }

  /** The batch to send now: the unacknowledged head, or a new head made of pending events. */
  take() {
    if (this.head) return this.head;
    if (!this.pending.length) return null;
    let n = 0;
    let bytes = 0;
    while (n < this.pending.length && n < this.limits.maxBatchEvents) {
      const size = this.pending[n].json.length + 1;
      if (n > 0 && bytes + size > this.limits.maxBatchBytes) break;
      bytes += size;
      n++;
    }
    const items = this.pending.splice(0, n);
    this.pendingBytes -= bytes;
    this.head = { seq: this.nextSeq++, json: items.map((i) => i.json), bytes, attempts: 0 };
    return this.head;
  }

  /** The head batch was stored (or recognised as a duplicate). */
  ack() {
    this.head = null;
  }

  /** The head batch was refused for good (4xx): it is dropped and counted. */
  reject() {
    if (!this.head) return;
    this.dropped.events += this.head.json.length;
    this.dropped.batches++;
    this.head = null;
  }

  /**
   * Frees memory by dropping the oldest pending events. A full snapshot is never dropped while
   * events that depend on it are kept: the drop runs up to the next Meta event (start of the next
   * full snapshot), or empties the queue and asks for a new checkout when there is none.
   */
  shed() {
    const target = this.limits.maxQueueBytes / 2;
    while (this.pending.length && this.pendingBytes + (this.head ? this.head.bytes : 0) > target) {
      let end = 1;
      while (end < this.pending.length && this.pending[end].type !== EVENT_META) end++;
      if (end >= this.pending.length) this.needsCheckout = true;
      const gone = this.pending.splice(0, end);
      for (const g of gone) this.pendingBytes -= g.json.length + 1;
      this.dropped.events += gone.length;
    }
  }

  /** Returns and clears the drop counters (for a report marker). */
  takeDropped() {
    const d = this.dropped;
    this.dropped = { events: 0, batches: 0 };
    return d;
  }

  isEmpty() {
    return !this.head && !this.pending.length;
  }

  /** Starts a new sequence (new session): nothing pending belongs to it. */
  reset() {
    this.pending = [];
    this.pendingBytes = 0;
    this.head = null;
    this.nextSeq = 0;
  }
}

/** Delay before retry number `attempt` (1-based): exponential from 500 ms, capped, with jitter. */
export function retryDelay(attempt, random = Math.random, capMs = 15000) {
  const base = Math.min(capMs, 500 * Math.pow(2, Math.max(0, attempt - 1)));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Whether a response status (0 = network failure) is worth retrying. */
export function isRetryable(status) {
  return status === 0 || status >= 500;
}
