import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchQueue } from '../src/recorder/queue.js';
import { Sender } from '../src/recorder/sender.js';

/** A transport whose answers are scripted: a list of statuses, then 200. */
function fakeTransport(statuses = []) {
  const sent = [];
  const exits = [];
  return {
    sent,
    exits,
    send(body) {
      const b = JSON.parse(body);
      sent.push(b);
      return Promise.resolve(statuses.length ? statuses.shift() : 200);
    },
    sendOnExit(body) {
      exits.push(JSON.parse(body));
      return true;
    },
  };
}

function setup(statuses) {
  const queue = new BatchQueue();
  const transport = fakeTransport(statuses);
  let refused = 0;
  const sender = new Sender({
    queue,
    transport,
    batchIntervalMs: 5000,
    delay: () => 1,
    context: () => ({ sessionId: 'session-1', windowId: 'window-1', userId: 'u1' }),
    onRefused: () => refused++,
  });
  return { queue, transport, sender, refused: () => refused };
}

async function until(cond, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ev = (t) => ({ type: 3, timestamp: t, data: { source: 1 } });

test('network failures and 5xx are retried with the same seq until stored', async () => {
  const { queue, transport, sender } = setup([0, 503, 500]);
  queue.push(ev(1));
  sender.pump();
  await until(() => queue.isEmpty() && !sender.sending);
  assert.deepEqual(transport.sent.map((b) => b.seq), [0, 0, 0, 0]);
  assert.ok(queue.isEmpty());
  queue.push(ev(2));
  assert.equal(await sender.flush(), true);
  assert.deepEqual(transport.sent.map((b) => b.seq), [0, 0, 0, 0, 1]);
});

test('a 4xx answer is never retried: the batch is dropped and counted, the next one goes on', async () => {
  const { queue, transport, sender } = setup([413]);
  queue.push(ev(1));
  sender.pump();
  await until(() => queue.isEmpty() && !sender.sending);
  assert.equal(transport.sent.length, 1);
  assert.deepEqual(queue.takeDropped(), { events: 1, batches: 1, causes: { refused: 1 }, from: 1, to: 1 });
  queue.push(ev(2));
  assert.equal(await sender.flush(), true);
  assert.deepEqual(transport.sent.map((b) => b.seq), [0, 1]);
});

test('a flush whose batch is refused resolves false; a rate-limited batch is sent again with its seq', async () => {
  const refusedOne = setup([400]);
  refusedOne.queue.push(ev(1));
  assert.equal(await refusedOne.sender.flush(), false);
  assert.equal(refusedOne.queue.takeDropped().causes.refused, 1);

  const limited = setup([429]);
  limited.queue.push(ev(1));
  limited.sender.pump();
  await until(() => limited.queue.isEmpty() && !limited.sender.sending);
  assert.deepEqual(limited.transport.sent.map((b) => b.seq), [0, 0]);
  assert.equal(limited.queue.takeDropped().events, 0);
});

test('401/403 stop sending for good and flush resolves false', async () => {
  const { queue, transport, sender, refused } = setup([401]);
  queue.push(ev(1));
  assert.equal(await sender.flush(), false);
  queue.push(ev(2));
  assert.equal(await sender.flush(), false);
  assert.equal(transport.sent.length, 1);
  assert.equal(refused(), 1);
});

test('flush resolves true at once when nothing is pending', async () => {
  const { sender, transport } = setup();
  assert.equal(await sender.flush(), true);
  assert.equal(transport.sent.length, 0);
});

test('bodies carry session, window, user, seq and sentAt', async () => {
  const { queue, transport, sender } = setup();
  queue.push(ev(1));
  const before = Date.now();
  await sender.flush();
  const b = transport.sent[0];
  assert.equal(b.sessionId, 'session-1');
  assert.equal(b.windowId, 'window-1');
  assert.deepEqual(b.user, { id: 'u1' });
  assert.ok(b.sentAt >= before && b.sentAt <= Date.now());
  assert.deepEqual(b.events, [ev(1)]);
});

test('on page exit the unacknowledged head is resent with its seq, then the rest in small batches', () => {
  const { queue, transport, sender } = setup();
  queue.push(ev(1));
  queue.take(); // seq 0 in flight
  for (let t = 2; t < 6; t++) queue.push(ev(t));
  sender.flushOnExit();
  assert.deepEqual(transport.exits.map((b) => b.seq), [0, 1]);
  assert.equal(transport.exits[1].events.length, 4);
  assert.ok(queue.isEmpty());
  queue.push(ev(7));
  assert.equal(queue.take().seq, 2, 'a page restored from the back/forward cache continues the sequence');
});

/** A transport that, like the browser, refuses keepalive bodies past 64 KiB in flight. */
function limitedExitTransport() {
  const exits = [];
  let inFlight = 0;
  return {
    exits,
    inFlight: () => inFlight,
    send: () => Promise.resolve(200),
    sendOnExit(body) {
      const bytes = Buffer.byteLength(body);
      if (inFlight + bytes > 64 * 1024) return false;
      inFlight += bytes;
      exits.push(JSON.parse(body));
      return true;
    },
  };
}

const bigEvent = (t, text = 'x'.repeat(3000)) => ({ type: 3, timestamp: t, data: { source: 0, texts: [{ id: t, value: text }], attributes: [], removes: [], adds: [] } });

test('page exit sends at most 60 KiB in all and acknowledges only what the browser took', () => {
  const transport = limitedExitTransport();
  const queue = new BatchQueue();
  const sender = new Sender({ queue, transport, batchIntervalMs: 5000, context: () => ({ sessionId: 'session-1', windowId: 'window-1' }) });
  for (let t = 1; t <= 100; t++) queue.push(bigEvent(t, 'é'.repeat(1500))); // ~300 KB of UTF-8
  sender.flushOnExit();
  assert.ok(transport.exits.length >= 1);
  assert.ok(transport.inFlight() <= 60 * 1024, `${transport.inFlight()} bytes in flight`);
  const sent = transport.exits.flatMap((b) => b.events.map((e) => e.timestamp));
  assert.deepEqual(sent, Array.from({ length: sent.length }, (_, i) => i + 1), 'in order, from the oldest');
  assert.deepEqual(transport.exits.map((b) => b.seq), transport.exits.map((_, i) => i));
  assert.ok(!queue.isEmpty(), 'what did not fit is still queued');

  // what is left goes to the next page: one batch with the next seq, the rest counted as lost
  const { carry, dropped } = sender.leftover();
  assert.equal(carry.seq, transport.exits.length);
  assert.equal(carry.sessionId, 'session-1');
  const carried = JSON.parse(carry.json).map((e) => e.timestamp);
  assert.equal(carried[0], sent.length + 1);
  assert.ok(carry.json.length <= 256 * 1024);
  assert.equal(dropped.causes.pageExit, 100 - sent.length - carried.length);
  assert.equal(dropped.to, 100);

  // the next page sends the carried batch first, with its seq, then reports the loss
  const next = new BatchQueue();
  next.nextSeq = carry.seq + 1;
  next.adopt(carry, dropped);
  const head = next.take();
  assert.equal(head.seq, carry.seq);
  assert.equal(head.json, carry.json);
  next.ack();
  next.push(ev(500));
  assert.equal(next.take().seq, carry.seq + 1);
  assert.equal(next.takeDropped().causes.pageExit, dropped.causes.pageExit);
});

test('a transport that refuses the exit send leaves the batch unacknowledged', () => {
  const queue = new BatchQueue();
  const exits = [];
  const sender = new Sender({
    queue,
    batchIntervalMs: 5000,
    context: () => ({ sessionId: 'session-1', windowId: 'window-1' }),
    transport: { send: () => Promise.resolve(200), sendOnExit: (b) => (exits.push(b), false) },
  });
  queue.push(ev(1));
  sender.flushOnExit();
  assert.equal(exits.length, 1);
  assert.equal(queue.head.seq, 0, 'still the head, to be carried to the next page');
  assert.equal(sender.leftover().carry.seq, 0);
});
