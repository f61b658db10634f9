// Sends the queue's batches one at a time, in order: retries with backoff on network errors, 5xx,
// 408 and 429 (same seq), drops on other 4xx, stops for good on 401/403, and drains on page exit.
import { isRetryable, retryDelay } from './queue.js';
import { batchBody } from './transport.js';

const EXIT_BATCH_BYTES = 56 * 1024; // keepalive/beacon bodies share a 64 KiB budget
const EXIT_MAX_BATCHES = 4;

/**
 * @param {object} o
 * @param {import('./queue.js').BatchQueue} o.queue
 * @param {{send: (body: string) => Promise<number>, sendOnExit: (body: string) => boolean}} o.transport
 * @param {() => ({sessionId: string, windowId: string, userId?: string}|null)} o.context current IDs
 * @param {number} o.batchIntervalMs
 * @param {() => void} [o.onRefused] called once when the service refuses the key or origin
 * @param {(attempt: number) => number} [o.delay] retry delay
 */
export class Sender {
  constructor(o) {
    this.o = o;
    this.sending = false;
    this.retryTimer = null;
    this.refused = false;
    this.waiters = [];
  }

  notify(ok) {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((fn) => fn(ok));
  }

  body(batch) {
    const c = this.o.context();
    if (!batch.sessionId) batch.sessionId = c.sessionId;
    return batchBody({ sessionId: batch.sessionId, windowId: c.windowId }, batch.seq, Date.now(), c.userId, batch.json);
  }

  /** Sends the next batch unless one is in flight or waiting for its retry. */
  pump() {
    const { queue } = this.o;
    if (this.sending || this.retryTimer || this.refused || !this.o.context()) return;
    const batch = queue.take();
    if (!batch) {
      this.notify(true);
      return;
    }
    this.sending = true;
    let p;
    try {
      p = this.o.transport.send(this.body(batch));
    } catch (e) {
      p = Promise.resolve(0);
    }
    p.then((status) => this.done(batch, status)).catch(() => {
      this.sending = false;
    });
  }

  done(batch, status) {
    const { queue } = this.o;
    this.sending = false;
    if (queue.head !== batch) return this.pump(); // sent on page exit or dropped meanwhile
    if (status >= 200 && status < 300) {
      queue.ack();
      const oldest = queue.oldestPending();
      const due = oldest !== null && Date.now() - oldest >= this.o.batchIntervalMs;
      if (queue.pendingBytes >= queue.limits.maxBatchBytes || due || this.waiters.length) this.pump();
    } else if (isRetryable(status)) {
      batch.attempts++;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.pump();
      }, (this.o.delay || retryDelay)(batch.attempts));
      this.notify(false);
    } else {
      queue.reject();
      if (status === 401 || status === 403) {
        this.refused = true; // wrong key or origin: sending again cannot succeed
        this.notify(false);
        if (this.o.onRefused) this.o.onRefused();
      } else {
        this.notify(false); // a flush waiting for this batch did not get it stored
        this.pump();
      }
    }
  }

  /** Resolves true once everything queued is stored, false at the first failure. Never rejects. */
  flush() {
    return new Promise((resolve) => {
      if (this.refused) return resolve(false);
      if (this.o.queue.isEmpty() && !this.sending) return resolve(true);
      this.waiters.push(resolve);
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = null;
      }
      this.pump();
    });
  }

  /**
   * Page is going away: sends what fits in keepalive/beacon requests, uncompressed. The batches
   * count as sent (their seq is used); a batch still in flight is sent again with the same seq,
   * which the service acknowledges as a duplicate.
   */
  flushOnExit() {
    const { queue } = this.o;
    if (this.refused || !this.o.context()) return;
    for (let i = 0; i < EXIT_MAX_BATCHES; i++) {
      const batch = queue.head || this.takeSmall();
      if (!batch || batch.bytes > EXIT_BATCH_BYTES) break;
      this.o.transport.sendOnExit(this.body(batch));
      queue.ack();
    }
  }

  takeSmall() {
    const { queue } = this.o;
    const saved = queue.limits.maxBatchBytes;
    queue.limits.maxBatchBytes = EXIT_BATCH_BYTES;
    try {
      return queue.take();
    } finally {
      queue.limits.maxBatchBytes = saved;
    }
  }

  close() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.o.transport.close) this.o.transport.close();
  }
}
