// Outgoing event queue: forms batches, gives each batch its sequence number once, and keeps memory
// bounded while the service cannot be reached. Pure logic; the transport decides when to send.
import { PAUSE_EVENTS_DROPPED } from '../../../protocol/src/main/js/protocol.js';

export const EVENT_META = 4;
export const EVENT_FULL_SNAPSHOT = 2;

// why events were dropped (keys of the drop report)
export const DROP_QUEUE_FULL = 'queueFull'; // memory bound reached while the service was unreachable
export const DROP_REFUSED = 'refused'; // the service refused the batch (4xx)
export const DROP_SESSION_ENDED = 'sessionEnded'; // unsent when the session ended
export const DROP_PAGE_EXIT = 'pageExit'; // could neither be sent nor kept when the page went away

export const DEFAULT_LIMITS = {
  maxBatchBytes: 900 * 1024, // under the service's 1 MiB request limit even without gzip
  maxBatchEvents: 2000,
  maxQueueBytes: 8 * 1024 * 1024,
};

// Approximate JSON length of rrweb's serialized DOM nodes and events, without serializing them:
// enough to size batches and bound memory (take() checks the real length of what it serializes).
const EVENT_BYTES = 50; // {"type":3,"data":{},"timestamp":1700000000000}
const NODE_BYTES = 30; // {"type":2,"id":12345,"childNodes":[]},
// incremental sources whose data is a few numbers, short text, positions or ranges
const SMALL_SOURCES = [1, 2, 3, 4, 5, 6, 7, 12, 14, 16];

function valueBytes(v) {
  if (typeof v === 'string') return v.length + 3;
  if (v && typeof v === 'object') {
    let n = 2;
    for (const k in v) n += k.length + 4 + valueBytes(v[k]);
    return n;
  }
  return 6;
}

/** Estimated JSON length of one serialized node, not counting its children. */
export function nodeOwnBytes(node) {
  let n = NODE_BYTES;
  if (node.tagName) n += node.tagName.length + 30;
  if (typeof node.textContent === 'string') n += node.textContent.length + 18;
  if (node.attributes) n += valueBytes(node.attributes);
  if (node.name) n += 60 + node.name.length + (node.publicId ? node.publicId.length : 0) + (node.systemId ? node.systemId.length : 0);
  return n;
}

/** Estimated JSON length of a serialized node with all its descendants. */
export function nodeBytes(node) {
  if (!node || typeof node !== 'object') return 6;
  let n = nodeOwnBytes(node);
  if (Array.isArray(node.childNodes)) for (const c of node.childNodes) n += nodeBytes(c);
  return n;
}

function listBytes(list, each) {
  if (!Array.isArray(list)) return 0;
  let n = 0;
  for (const x of list) n += each(x);
  return n;
}

const textBytes = (t) => 24 + (typeof t.value === 'string' ? t.value.length : 4);
const attributeBytes = (a) => 24 + valueBytes(a.attributes);
const addBytes = (a) => 40 + (a.node && a.node.type !== undefined ? nodeBytes(a.node) : 6);

/**
 * Estimated JSON length of a mutation's data; `addsBytes`, when known, is the estimate for its
 * added nodes (the privacy pass walks them already and measures on the way).
 */
export function mutationBytes(d, addsBytes) {
  return 70 + listBytes(d.texts, textBytes) + listBytes(d.attributes, attributeBytes) + (Array.isArray(d.removes) ? d.removes.length * 36 : 0)
    + (addsBytes === undefined ? listBytes(d.adds, addBytes) : addsBytes);
}

/**
 * Estimated JSON length of an rrweb event, or -1 for events whose size cannot be guessed cheaply
 * (they are serialized at once instead). `treeBytes`, when known, is the estimate for a full
 * snapshot's node tree or a mutation's added nodes.
 */
export function estimateSize(event, treeBytes) {
  const d = event.data;
  if (!d || typeof d !== 'object') return event.type === 0 || event.type === 1 ? EVENT_BYTES : -1;
  switch (event.type) {
    case EVENT_FULL_SNAPSHOT:
      return EVENT_BYTES + 60 + (treeBytes === undefined ? nodeBytes(d.node) : treeBytes);
    case EVENT_META:
      return EVENT_BYTES + 40 + valueBytes(d.href);
    case 3:
      if (d.source === 0) return EVENT_BYTES + mutationBytes(d, treeBytes);
      if (SMALL_SOURCES.indexOf(d.source) < 0) return -1;
      return EVENT_BYTES + 40 + (Array.isArray(d.positions) ? d.positions.length * 45 : 0) + (Array.isArray(d.ranges) ? d.ranges.length * 80 : 0)
        + (typeof d.text === 'string' ? d.text.length : 0);
    default:
      return -1; // custom events carry the page's own objects: serialized as they are now
  }
}

/**
 * Events wait in `pending`: most as the objects rrweb emitted, with an estimated size; they are
 * serialized when they are taken into a batch, all of them in one `JSON.stringify` call. Custom
 * events (the page's own payloads) and events of unknown shape are serialized at once, and so are
 * the older pending events when many pile up behind an unacknowledged batch (memory).
 * `take()` turns the oldest pending events into the head batch and assigns its `seq`; the head is
 * resent unchanged (same seq) until `ack()` or `reject()`. Only one batch holds a seq at a time, so
 * dropping pending events never leaves a seq gap.
 */
export class BatchQueue {
  constructor(limits = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.pending = [];
    this.pendingBytes = 0;
    this.objectBytes = 0; // estimated bytes of pending events not serialized yet
    this.head = null;
    this.nextSeq = 0;
    this.dropped = noDrops();
    this.needsCheckout = false;
    this.refusedSnapshots = 0; // rejected batches with a full snapshot since the last stored one
  }

  /** Counts `events` events (in `batches` batches) lost for `cause`, recorded between `from` and `to`. */
  drop(cause, events, batches, from, to) {
    countDrop(this.dropped, cause, events, batches, from, to);
  }

  /**
   * Takes over what the tab's previous page could not send (see Sender.leftover()): its unsent
   * batch becomes the head, with its own session and seq, and its drop counts are reported here.
   */
  adopt(carry, dropped) {
    if (carry && typeof carry.json === 'string' && carry.seq >= 0 && carry.count > 0 && !this.head) {
      this.head = {
        seq: carry.seq, json: carry.json, count: carry.count, bytes: carry.json.length, attempts: 0,
        snapshot: !!carry.snapshot, from: carry.from, to: carry.to, sessionId: carry.sessionId,
      };
    }
    if (dropped && dropped.causes && dropped.events > 0) {
      for (const k of Object.keys(dropped.causes)) countDrop(this.dropped, k, dropped.causes[k], 0, dropped.from, dropped.to);
      this.dropped.batches += dropped.batches > 0 ? dropped.batches : 0;
    }
  }

  /**
   * Adds one event (which must not change afterwards: it may be serialized later); `size` is its
   * estimated JSON length when the caller knows it. Returns true when enough is pending to send a
   * batch now.
   */
  push(event, size) {
    let bytes = size === undefined ? estimateSize(event) : size;
    const item = { event, json: null, bytes, type: event.type, timestamp: event.timestamp };
    if (bytes < 0) {
      try {
        item.json = JSON.stringify(event);
      } catch (e) {
        return false;
      }
      item.event = null;
      item.bytes = bytes = item.json.length + 1;
    } else {
      this.objectBytes += bytes;
    }
    this.pending.push(item);
    this.pendingBytes += bytes;
    if (this.head && this.objectBytes > 2 * this.limits.maxBatchBytes) this.compact();
    if (this.pendingBytes + (this.head ? this.head.bytes : 0) > this.limits.maxQueueBytes) this.shed();
    return this.pendingBytes >= this.limits.maxBatchBytes || this.pending.length >= this.limits.maxBatchEvents;
  }

  /** Serializes pending events one by one (exact sizes, compact strings) while a batch waits. */
  compact() {
    for (let i = 0; i < this.pending.length && this.objectBytes > this.limits.maxBatchBytes; i++) {
      const item = this.pending[i];
      if (!item.event) continue;
      this.objectBytes -= item.bytes;
      this.pendingBytes -= item.bytes;
      try {
        item.json = JSON.stringify(item.event);
        item.bytes = item.json.length + 1;
      } catch (e) {
        item.json = null; // cannot be serialized: dropped
        this.pending.splice(i--, 1);
        continue;
      } finally {
        item.event = null;
      }
      this.pendingBytes += item.bytes;
    }
  }

  /** Oldest pending event time, or null. */
  oldestPending() {
    return this.pending.length ? this.pending[0].timestamp : null;
  }

  /**
   * The batch to send now: the unacknowledged head, or a new head made of pending events: at most
   * maxBatchEvents, and at most maxBatchBytes of JSON unless a single event is larger.
   * `head.json` is the JSON array of its events, `head.count` their number. `measure(json)` is
   * the size that counts against maxBatchBytes (default: its length).
   */
  take(measure) {
    if (this.head) return this.head;
    if (!this.pending.length) return null;
    const max = this.limits.maxBatchBytes;
    let n = 0;
    let bytes = 0;
    while (n < this.pending.length && n < this.limits.maxBatchEvents) {
      const size = this.pending[n].bytes;
      if (n > 0 && bytes + size > max) break;
      bytes += size;
      n++;
    }
    // estimates can be low: serialize, and take fewer events while the real JSON is too long
    let batch = this.serialize(n);
    let size;
    while ((size = measure ? measure(batch.json) : batch.json.length) > max && n > 1) {
      n = Math.max(1, Math.min(n - 1, Math.floor((n * max) / size)));
      batch = this.serialize(n);
    }
    let snapshot = false;
    const taken = this.pending.splice(0, n);
    for (const i of taken) {
      this.pendingBytes -= i.bytes;
      if (i.event) this.objectBytes -= i.bytes;
      if (i.type === EVENT_META || i.type === EVENT_FULL_SNAPSHOT) snapshot = true;
    }
    if (!batch.count) return this.take(measure); // nothing in them could be serialized
    this.head = {
      seq: this.nextSeq++, json: batch.json, count: batch.count, bytes: batch.json.length, attempts: 0,
      snapshot, from: taken[0].timestamp, to: taken[taken.length - 1].timestamp,
    };
    return this.head;
  }

  /**
   * The JSON array of the first `n` pending events: runs of not yet serialized events in one
   * `JSON.stringify` call each. An event that cannot be serialized is left out.
   */
  serialize(n) {
    const first = this.pending.slice(0, n);
    if (first.every((i) => i.event)) {
      try {
        return { json: JSON.stringify(first.map((i) => i.event)), count: n };
      } catch (e) {
        // one of them cannot be serialized: go event by event below
      }
    }
    const parts = [];
    let count = 0;
    let run = [];
    const flushRun = () => {
      if (!run.length) return;
      try {
        parts.push(JSON.stringify(run).slice(1, -1));
        count += run.length;
      } catch (e) {
        for (const ev of run) {
          try {
            parts.push(JSON.stringify(ev));
            count++;
          } catch (e2) {
            // left out, as it always was
          }
        }
      }
      run = [];
    };
    for (const item of first) {
      if (item.event) {
        run.push(item.event);
      } else {
        flushRun();
        parts.push(item.json);
        count++;
      }
    }
    flushRun();
    return { json: `[${parts.join(',')}]`, count };
  }

  /** The head batch was stored (or recognised as a duplicate). */
  ack() {
    this.head = null;
    this.refusedSnapshots = 0;
  }

  /**
   * The head batch was refused for good (4xx): it is dropped and counted, and a new checkout is
   * asked for when it held a full snapshot, since the events after it cannot be replayed without
   * one (not again after a second refused snapshot in a row: that one would be refused as well).
   */
  reject() {
    const h = this.head;
    if (!h) return;
    this.drop(DROP_REFUSED, h.count, 1, h.from, h.to);
    if (h.snapshot && this.refusedSnapshots++ < 1) this.needsCheckout = true;
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
      for (const g of gone) {
        this.pendingBytes -= g.bytes;
        if (g.event) this.objectBytes -= g.bytes;
      }
      this.drop(DROP_QUEUE_FULL, gone.length, 0, gone[0].timestamp, gone[gone.length - 1].timestamp);
    }
  }

  /** Returns and clears the drop counters (for a report marker). */
  takeDropped() {
    const d = this.dropped;
    this.dropped = noDrops();
    return d;
  }

  isEmpty() {
    return !this.head && !this.pending.length;
  }

  /**
   * Starts a new sequence (new session): nothing pending belongs to it. What was not stored yet,
   * the batch in flight included, is counted as dropped with `cause`.
   */
  reset(cause = DROP_SESSION_ENDED) {
    const h = this.head;
    if (h) this.drop(cause, h.count, 1, h.from, h.to);
    const p = this.pending;
    if (p.length) this.drop(cause, p.length, 0, p[0].timestamp, p[p.length - 1].timestamp);
    this.pending = [];
    this.pendingBytes = 0;
    this.objectBytes = 0;
    this.head = null;
    this.nextSeq = 0;
    this.refusedSnapshots = 0;
  }
}

export function noDrops() {
  return { events: 0, batches: 0, causes: {}, from: 0, to: 0 };
}

/** Adds a drop to the counts `d` (as made by noDrops()). */
export function countDrop(d, cause, events, batches, from, to) {
  if (!(events > 0)) return;
  d.events += events;
  d.batches += batches;
  d.causes[cause] = (d.causes[cause] || 0) + events;
  if (from > 0 && (!d.from || from < d.from)) d.from = from;
  if (to > d.to) d.to = to;
}

/** Delay before retry number `attempt` (1-based): exponential from 500 ms, capped, with jitter. */
export function retryDelay(attempt, random = Math.random, capMs = 15000) {
  const base = Math.min(capMs, 500 * Math.pow(2, Math.max(0, attempt - 1)));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Whether a response status (0 = network failure) is worth retrying: the service could not take the
 * batch now (5xx, 408, or 429 when a rate limit is reached), not "never" (other 4xx).
 */
export function isRetryable(status) {
  return status === 0 || status >= 500 || status === 429 || status === 408;
}

export const EVENTS_DROPPED = PAUSE_EVENTS_DROPPED;

/**
 * The `recording-paused` payload reporting drops `d` (from `takeDropped()`): totals, the count of
 * each cause that occurred (queueFull, refused, sessionEnded, pageExit) and the time range of the
 * lost events.
 */
export function dropReport(d) {
  const p = { reason: EVENTS_DROPPED, droppedEvents: d.events, droppedBatches: d.batches, ...d.causes };
  if (d.from > 0) {
    p.from = d.from;
    p.to = d.to;
  }
  return p;
}
