import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchQueue, dropReport, estimateSize, isRetryable, nodeBytes, retryDelay } from '../src/recorder/queue.js';

// rrweb-shaped events
const meta = (timestamp) => ({ type: 4, timestamp, data: { href: 'https://shop.example/p?x=1', width: 1280, height: 800 } });
const text = (id, value) => ({ type: 3, id, textContent: value });
const el = (id, tagName, attributes, childNodes) => ({ type: 2, id, tagName, attributes, childNodes });
const snapshot = (timestamp, rows = 10, cell = 'Customer 42') => ({
  type: 2,
  timestamp,
  data: {
    node: {
      type: 0, id: 1, compatMode: 'CSS1Compat', childNodes: [
        { type: 1, id: 2, name: 'html', publicId: '', systemId: '' },
        el(3, 'html', { lang: 'en' }, [el(4, 'body', {}, Array.from({ length: rows }, (_, i) => el(10 + 3 * i, 'tr', { class: 'row' }, [
          el(11 + 3 * i, 'td', { style: 'padding:0 4px' }, [text(12 + 3 * i, cell)]),
        ])))]),
      ],
    },
    initialOffset: { left: 0, top: 0 },
  },
});
const mutation = (timestamp, texts = 5, len = 8) => ({
  type: 3,
  timestamp,
  data: { source: 0, texts: Array.from({ length: texts }, (_, i) => ({ id: 100 + i, value: 'v'.repeat(len) })), attributes: [], removes: [], adds: [] },
});
const move = (timestamp) => ({ type: 3, timestamp, data: { source: 1, positions: [{ x: 10, y: 20, id: 5, timeOffset: -40 }, { x: 12, y: 21, id: 5, timeOffset: 0 }] } });
const custom = (timestamp, payload) => ({ type: 5, timestamp, data: { tag: 'track', payload } });

/** Takes and acknowledges every batch; returns the batches' events and their JSON lengths. */
function drain(q) {
  const events = [];
  const sizes = [];
  const counts = [];
  for (let b = q.take(); b; b = q.take()) {
    counts.push(b.count);
    const parsed = JSON.parse(b.json);
    assert.equal(parsed.length, b.count);
    assert.equal(b.bytes, b.json.length);
    events.push(...parsed);
    sizes.push(b.json.length);
    q.ack();
  }
  return { events, sizes, counts };
}

test('a batch keeps its seq across retries and the next batch gets the next seq', () => {
  const q = new BatchQueue();
  q.push(meta(1));
  q.push(snapshot(2));
  const b = q.take();
  assert.equal(b.seq, 0);
  assert.equal(b.count, 2);
  assert.deepEqual(JSON.parse(b.json), [meta(1), snapshot(2)]);
  q.push(mutation(3));
  assert.equal(q.take(), b, 'the unacknowledged head is resent unchanged');
  q.ack();
  const c = q.take();
  assert.equal(c.seq, 1);
  assert.deepEqual(JSON.parse(c.json), [mutation(3)]);
});

test('estimates are close to the real JSON length of rrweb events', () => {
  for (const e of [meta(1), snapshot(2, 200), mutation(3, 50, 3), mutation(4, 2, 400), move(5)]) {
    const real = JSON.stringify(e).length;
    const est = estimateSize(e);
    assert.ok(est >= 0.6 * real && est <= 2 * real, `type ${e.type}: estimate ${est}, real ${real}`);
  }
  const tree = snapshot(1, 500).data.node;
  const real = JSON.stringify(tree).length;
  assert.ok(Math.abs(nodeBytes(tree) - real) < 0.4 * real, `${nodeBytes(tree)} vs ${real}`);
  assert.equal(estimateSize(custom(1, { a: 1 })), -1, 'custom events are serialized as they come');
  assert.equal(estimateSize({ type: 3, timestamp: 1, data: { source: 8, adds: [{ rule: 'a{}' }] } }), -1, 'so are unknown shapes');
});

test('events are serialized when taken, in one JSON.stringify call per batch', (t) => {
  const q = new BatchQueue();
  const real = JSON.stringify;
  let calls = 0;
  JSON.stringify = function () {
    calls++;
    return real.apply(this, arguments);
  };
  t.after(() => {
    JSON.stringify = real;
  });
  q.push(meta(1));
  q.push(snapshot(2));
  for (let i = 3; i < 100; i++) q.push(i % 2 ? mutation(i) : move(i));
  assert.equal(calls, 0, 'nothing serialized on push');
  const b = q.take();
  assert.equal(calls, 1);
  assert.equal(b.count, 99);
});

test('custom events are serialized on push: changing the payload afterwards changes nothing', () => {
  const q = new BatchQueue();
  const props = { step: 1 };
  q.push(mutation(1));
  q.push(custom(2, props));
  q.push(mutation(3));
  props.step = 2;
  const [, c] = JSON.parse(q.take().json);
  assert.deepEqual(c.data.payload, { step: 1 });
});

test('batches respect the count cap; push reports when a cap is reached', () => {
  const q = new BatchQueue({ maxBatchBytes: 100000, maxBatchEvents: 3 });
  assert.equal(q.push(mutation(1)), false);
  q.push(mutation(2));
  assert.equal(q.push(mutation(3)), true, 'count cap');
  q.push(mutation(4));
  assert.equal(q.take().count, 3);
  q.ack();
  assert.equal(q.take().count, 1);
});

test('batches respect the byte cap; push reports when it is reached', () => {
  const q = new BatchQueue({ maxBatchBytes: 3000 });
  let full = false;
  let t = 1;
  while (!full) full = q.push(mutation(t++, 5, 60));
  assert.ok(q.pendingBytes >= 3000);
  const pushed = t - 1;
  for (let i = 0; i < 40; i++) q.push(mutation(t++, 5, 60));
  const { events, sizes } = drain(q);
  assert.ok(sizes.every((s) => s <= 3000), `batch sizes ${sizes}`);
  assert.ok(sizes.length >= 2 && sizes.slice(0, -1).every((s) => s > 1500), `batches are well filled: ${sizes}`);
  assert.deepEqual(events.map((e) => e.timestamp), Array.from({ length: pushed + 40 }, (_, i) => i + 1), 'every event once, in order');
});

test('events larger than their estimate still make batches within the byte cap', () => {
  const q = new BatchQueue({ maxBatchBytes: 4000 });
  // quotes and line breaks are escaped in JSON: twice the length the estimate counts
  for (let t = 1; t <= 60; t++) q.push(mutation(t, 4, 0), 50 + (t % 3));
  for (let t = 61; t <= 120; t++) {
    const e = mutation(t, 4, 0);
    for (const x of e.data.texts) x.value = '"\n'.repeat(40);
    q.push(e);
  }
  q.push(custom(121, { s: '"'.repeat(100) }));
  const { events, sizes } = drain(q);
  assert.ok(sizes.every((s) => s <= 4000), `batch sizes ${sizes}`);
  assert.deepEqual(events.map((e) => e.timestamp), Array.from({ length: 121 }, (_, i) => i + 1));
  assert.equal(events[100].data.texts[0].value, '"\n'.repeat(40));
});

test('an event larger than the cap still goes out alone', () => {
  const q = new BatchQueue({ maxBatchBytes: 1000 });
  q.push(meta(1));
  q.push(snapshot(2, 100));
  q.push(mutation(3));
  const { events, sizes } = drain(q);
  assert.equal(sizes.length, 3);
  assert.ok(sizes[1] > 1000);
  assert.deepEqual(events.map((e) => e.type), [4, 2, 3]);
});

test('an event that cannot be serialized is left out and the others go', () => {
  const q = new BatchQueue();
  const bad = mutation(2);
  bad.data.texts[0].value = 10n; // BigInt: JSON.stringify throws
  q.push(meta(1));
  q.push(bad);
  q.push(mutation(3));
  assert.equal(q.push({ type: 5, timestamp: 4, data: { payload: 1n } }), false);
  const b = q.take();
  assert.deepEqual(JSON.parse(b.json).map((e) => e.timestamp), [1, 3]);
  assert.equal(b.count, 2);
  q.ack();
  const lone = new BatchQueue();
  lone.push(bad);
  assert.equal(lone.take(), null);
  assert.ok(lone.isEmpty());
});

test('a rejected batch is dropped and counted without reusing its seq', () => {
  const q = new BatchQueue();
  q.push(mutation(1));
  q.push(mutation(2));
  q.take();
  q.reject();
  assert.deepEqual(q.takeDropped(), { events: 2, batches: 1, causes: { refused: 2 }, from: 1, to: 2 });
  assert.equal(q.needsCheckout, false, 'no snapshot was lost: no new checkout needed');
  q.push(mutation(3));
  assert.equal(q.take().seq, 1);
});

test('a refused batch holding a full snapshot asks for a new checkout, but not after a second one in a row', () => {
  const q = new BatchQueue();
  q.push(meta(1));
  q.push(snapshot(2));
  q.take();
  q.reject();
  assert.equal(q.needsCheckout, true, 'later incremental events need a new full snapshot');
  q.needsCheckout = false;
  q.push(meta(3));
  q.push(snapshot(4));
  q.take();
  q.reject();
  assert.equal(q.needsCheckout, false, 'the new snapshot was refused too: asking again would loop');
  q.push(meta(5));
  q.take();
  q.ack();
  q.push(snapshot(6));
  q.take();
  q.reject();
  assert.equal(q.needsCheckout, true, 'after a stored batch, a refused snapshot asks again');
});

test('a new sequence counts the batch in flight and the pending events as dropped', () => {
  const q = new BatchQueue();
  q.push(mutation(1));
  q.push(mutation(2));
  q.take(); // in flight
  q.push(mutation(3));
  q.reset();
  assert.deepEqual(q.takeDropped(), { events: 3, batches: 1, causes: { sessionEnded: 3 }, from: 1, to: 3 });
  assert.ok(q.isEmpty());
  q.push(mutation(4));
  assert.equal(q.take().seq, 0);
});

test('the drop report names its reason, totals, the count of each cause and the lost time range', () => {
  const q = new BatchQueue({ maxQueueBytes: 3000 });
  q.push(meta(10));
  q.take();
  q.reject();
  for (let t = 11; t < 40; t++) q.push(mutation(t, 5, 60));
  const p = dropReport(q.takeDropped());
  assert.equal(p.reason, 'events-dropped');
  assert.equal(p.refused, 1);
  assert.ok(p.queueFull > 0);
  assert.equal(p.droppedEvents, p.refused + p.queueFull);
  assert.equal(p.droppedBatches, 1);
  assert.equal(p.from, 10);
  assert.ok(p.to > 10 && p.to < 40);
  assert.equal('sessionEnded' in p, false, 'only causes that occurred');
});

test('memory stays bounded and drops end at the next full snapshot', () => {
  const q = new BatchQueue({ maxQueueBytes: 6000, maxBatchBytes: 100000 });
  q.push(meta(1));
  q.take(); // the head (seq 0) is in flight and never dropped
  for (let t = 2; t < 22; t++) q.push(mutation(t, 2, 30));
  q.push(meta(22));
  q.push(snapshot(23, 3));
  for (let t = 24; t < 30; t++) q.push(mutation(t, 2, 30));
  assert.ok(q.pendingBytes + q.head.bytes <= 6000);
  const d = q.takeDropped();
  assert.equal(d.events, 20);
  assert.deepEqual(d.causes, { queueFull: 20 });
  assert.deepEqual([d.from, d.to], [2, 21]);
  assert.equal(q.head.seq, 0);
  assert.equal(q.pending[0].type, 4, 'what is left starts at a full snapshot');
  assert.equal(q.pending[0].timestamp, 22);
  q.ack();
  const { events } = drain(q);
  assert.deepEqual(events.map((e) => e.timestamp), [22, 23, 24, 25, 26, 27, 28, 29]);
});

test('when no later snapshot exists the queue empties and asks for a checkout', () => {
  const q = new BatchQueue({ maxQueueBytes: 3000 });
  q.push(meta(1));
  q.push(snapshot(2, 5));
  for (let t = 3; t < 30; t++) q.push(mutation(t, 5, 60));
  assert.equal(q.needsCheckout, true);
  assert.ok(q.pendingBytes <= 3000);
  assert.ok(q.takeDropped().events > 0);
});

test('behind an unacknowledged batch, pending events are serialized one by one to save memory', () => {
  const q = new BatchQueue({ maxBatchBytes: 2000, maxQueueBytes: 1e6 });
  q.push(meta(1));
  q.take(); // in flight, e.g. the service is down
  const snap = snapshot(2, 3);
  q.push(snap);
  for (let t = 3; t <= 80; t++) q.push(mutation(t, 5, 60));
  assert.ok(q.objectBytes <= 2 * 2000, `${q.objectBytes} bytes still as objects`);
  assert.ok(q.pending[0].json && !q.pending[0].event, 'the oldest are serialized');
  assert.equal(q.pendingBytes, q.pending.reduce((s, i) => s + i.bytes, 0), 'byte count stays exact');
  snap.data.node.childNodes = []; // rrweb never does this; a serialized event keeps what it was
  q.ack();
  const { events, sizes, counts } = drain(q);
  assert.ok(sizes.every((s, i) => s <= 2000 || counts[i] === 1), `batch sizes ${sizes}`);
  assert.deepEqual(events.map((e) => e.timestamp), Array.from({ length: 79 }, (_, i) => i + 2));
  assert.equal(events[0].data.node.childNodes.length, 2);
  assert.equal(q.objectBytes, 0);
  assert.equal(q.pendingBytes, 0);
});

test('network failures, 5xx, 408 and 429 are retried, other 4xx never', () => {
  for (const s of [0, 500, 503, 408, 429]) assert.equal(isRetryable(s), true, String(s));
  for (const s of [400, 401, 403, 404, 413, 422]) assert.equal(isRetryable(s), false, String(s));
});

test('retry delays grow exponentially with jitter and are capped', () => {
  const mid = () => 0.5;
  assert.equal(retryDelay(1, mid), 500);
  assert.equal(retryDelay(2, mid), 1000);
  assert.equal(retryDelay(3, mid), 2000);
  assert.equal(retryDelay(20, mid), 15000);
  assert.ok(retryDelay(1, () => 0) >= 400 && retryDelay(1, () => 0.999) <= 600);
});
