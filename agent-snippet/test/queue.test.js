import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchQueue, isRetryable, retryDelay } from '../src/recorder/queue.js';

const ev = (type, timestamp, size = 10) => ({ type, timestamp, data: { pad: 'x'.repeat(size) } });

test('a batch keeps its seq across retries and the next batch gets the next seq', () => {
  const q = new BatchQueue();
  q.push(ev(4, 1));
  q.push(ev(2, 2));
  const b = q.take();
  assert.equal(b.seq, 0);
  assert.equal(b.json.length, 2);
  q.push(ev(3, 3));
  assert.equal(q.take(), b, 'the unacknowledged head is resent unchanged');
  q.ack();
  const c = q.take();
  assert.equal(c.seq, 1);
  assert.equal(c.json.length, 1);
});

test('batches respect the size and count caps; push reports when a cap is reached', () => {
  const q = new BatchQueue({ maxBatchBytes: 1000, maxBatchEvents: 3 });
  assert.equal(q.push(ev(3, 1)), false);
  q.push(ev(3, 2));
  assert.equal(q.push(ev(3, 3)), true, 'count cap');
  assert.equal(q.take().json.length, 3);
  const big = new BatchQueue({ maxBatchBytes: 300 });
  big.push(ev(3, 1, 200));
  assert.equal(big.push(ev(3, 2, 200)), true, 'byte cap');
  assert.equal(big.take().json.length, 1);
});

test('an event larger than the cap still goes out alone', () => {
  const q = new BatchQueue({ maxBatchBytes: 100 });
  q.push(ev(2, 1, 500));
  assert.equal(q.take().json.length, 1);
});

test('a rejected batch is dropped and counted without reusing its seq', () => {
  const q = new BatchQueue();
  q.push(ev(3, 1));
  q.take();
  q.reject();
  assert.deepEqual(q.takeDropped(), { events: 1, batches: 1 });
  q.push(ev(3, 2));
  assert.equal(q.take().seq, 1);
});

test('memory stays bounded and drops end at the next full snapshot', () => {
  const q = new BatchQueue({ maxQueueBytes: 2000, maxBatchBytes: 100000 });
  q.push(ev(4, 1, 50));
  q.take(); // the head (seq 0) is in flight and never dropped
  for (let t = 2; t < 10; t++) q.push(ev(3, t, 100));
  q.push(ev(4, 10, 50));
  q.push(ev(2, 11, 400));
  for (let t = 12; t < 20; t++) q.push(ev(3, t, 100));
  assert.ok(q.pendingBytes + q.head.bytes <= 2000);
  const d = q.takeDropped();
  assert.ok(d.events > 0);
  assert.equal(q.head.seq, 0);
  const first = JSON.parse(q.pending[0].json);
  assert.equal(first.type, 4, 'what is left starts at a full snapshot');
  assert.equal(first.timestamp, 10);
});

test('when no later snapshot exists the queue empties and asks for a checkout', () => {
  const q = new BatchQueue({ maxQueueBytes: 1000 });
  q.push(ev(4, 1, 50));
  q.push(ev(2, 2, 200));
  for (let t = 3; t < 10; t++) q.push(ev(3, t, 100));
  assert.equal(q.needsCheckout, true);
  assert.ok(q.pendingBytes <= 1000);
  assert.ok(q.takeDropped().events > 0);
});

test('network failures and 5xx are retried, 4xx never', () => {
  assert.equal(isRetryable(0), true);
  assert.equal(isRetryable(500), true);
  assert.equal(isRetryable(503), true);
  for (const s of [400, 401, 403, 413, 429]) assert.equal(isRetryable(s), false, String(s));
});

test('retry delays grow exponentially with jitter and are capped', () => {
  const mid = () => 0.5;
  assert.equal(retryDelay(1, mid), 500);
  assert.equal(retryDelay(2, mid), 1000);
  assert.equal(retryDelay(3, mid), 2000);
  assert.equal(retryDelay(20, mid), 15000);
  assert.ok(retryDelay(1, () => 0) >= 400 && retryDelay(1, () => 0.999) <= 600);
});
