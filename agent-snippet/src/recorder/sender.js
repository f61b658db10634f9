// Sends the queue's batches one at a time, in order: retries with backoff on network errors, 5xx,
// 408 and 429 (same seq), drops on other 4xx, stops for good on 401/403, and drains on page exit.
import { DROP_PAGE_EXIT, countDrop, isRetryable, retryDelay } from './queue.js';
import { batchBody, utf8Bytes } from './transport.js';

// keepalive and beacon bodies still in flight share 64 KiB per page (the rest is refused): the
// bodies sent on exit add up to at most this, leaving room for the page's own beacons
const EXIT_BUDGET_BYTES = 60 * 1024;
const EXIT_MIN_BYTES = 2 * 1024; // a batch body is not worth forming for less room than this
const BODY_OVERHEAD_BYTES = 512; // ids, seq, sentAt and user around the events
// the largest unsent batch kept in sessionStorage for the tab's next page
const CARRY_MAX_BYTES = 256 * 1024;

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
    this.failing = false; // the last send failed and is being retried (service unreachable)
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
    this.failing = isRetryable(status);
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
   * Page is going away: sends what fits in keepalive/beacon requests, uncompressed, in order, at
   * most EXIT_BUDGET_BYTES in all. A batch counts as sent (acknowledged) only once the transport
   * took it; a batch still in flight is sent again with the same seq, which the service
   * acknowledges as a duplicate. What is left stays queued (see `leftover()`).
   */
  flushOnExit() {
    const { queue } = this.o;
    if (this.refused || !this.o.context()) return;
    let room = EXIT_BUDGET_BYTES;
    while (room >= EXIT_MIN_BYTES) {
      const batch = queue.head || this.takeAtMost(room - BODY_OVERHEAD_BYTES);
      if (!batch) break;
      const body = this.body(batch);
      const bytes = utf8Bytes(body);
      if (bytes > room || !this.o.transport.sendOnExit(body)) break;
      room -= bytes;
      queue.ack();
    }
  }

  /** A new head batch of at most `bytes` UTF-8 bytes of events (unless one event is larger). */
  takeAtMost(bytes) {
    const { queue } = this.o;
    const saved = queue.limits.maxBatchBytes;
    queue.limits.maxBatchBytes = bytes;
    try {
      return queue.take(utf8Bytes);
    } finally {
      queue.limits.maxBatchBytes = saved;
    }
  }

  /**
   * After `flushOnExit()`: what the tab's next page takes over. `carry` is the first unsent batch
   * (with its session and seq, so sending it again stays idempotent) when it is at most
   * CARRY_MAX_BYTES; `dropped` the drop counts not reported yet, with whatever is not carried
   * counted as lost on page exit. The queue itself is left as it is: a page restored from the
   * back/forward cache goes on with it and discards this record.
   */
  leftover() {
    const { queue } = this.o;
    const d = queue.dropped;
    const dropped = { ...d, causes: { ...d.causes } };
    const lost = (events, batches, from, to) => countDrop(dropped, DROP_PAGE_EXIT, events, batches, from, to);
    const c = this.o.context();
    let carry = null;
    if (!this.refused && c) {
      const batch = queue.head || this.takeAtMost(CARRY_MAX_BYTES);
      if (batch && batch.bytes <= CARRY_MAX_BYTES) {
        carry = { sessionId: batch.sessionId || c.sessionId, seq: batch.seq, json: batch.json, count: batch.count, snapshot: batch.snapshot, from: batch.from, to: batch.to };
      } else if (batch) {
        lost(batch.count, 1, batch.from, batch.to);
      }
    }
    const p = queue.pending;
    if (p.length) lost(p.length, 0, p[0].timestamp, p[p.length - 1].timestamp);
    return { carry, dropped };
  }

  close() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.o.transport.close) this.o.transport.close();
  }
}
