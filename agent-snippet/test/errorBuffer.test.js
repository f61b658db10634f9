import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorBuffer } from '../src/recorder/errorBuffer.js';

const S = 1_000_000;
const checkout = (buf, t) => {
  buf.push({ type: 4, timestamp: t });
  buf.push({ type: 2, timestamp: t });
};

test('the buffer hands out at most the last 60 s, starting with Meta + FullSnapshot', () => {
  const b = new ErrorBuffer();
  for (let t = 0; t <= 150_000; t += 30_000) {
    checkout(b, S + t);
    for (let i = 1; i < 30; i++) b.push({ type: 3, timestamp: S + t + i * 1000 });
  }
  const now = S + 179_000;
  const out = b.drain(now);
  assert.equal(out[0].type, 4);
  assert.equal(out[1].type, 2);
  assert.ok(now - out[0].timestamp <= 60_000, `starts ${now - out[0].timestamp} ms before`);
  assert.equal(out[out.length - 1].timestamp, S + 179_000);
  assert.deepEqual(b.drain(now), [], 'drained');
});

test('memory holds no segment older than the window once a newer one exists', () => {
  const b = new ErrorBuffer(60_000);
  checkout(b, S);
  checkout(b, S + 30_000);
  checkout(b, S + 61_000);
  assert.equal(b.segments.length, 2);
  assert.equal(b.segments[0].start, S + 30_000);
});

test('events before the first full snapshot are not kept', () => {
  const b = new ErrorBuffer();
  b.push({ type: 5, timestamp: S });
  assert.deepEqual(b.drain(S), []);
});

test('a checkout older than 60 s is never handed out: the buffer is stale until a new checkout', () => {
  const b = new ErrorBuffer();
  assert.equal(b.stale(S), true, 'empty');
  checkout(b, S);
  b.push({ type: 3, timestamp: S + 50_000 });
  assert.equal(b.stale(S + 60_000), false);
  assert.equal(b.stale(S + 90_000), true, 'the late checkout of a throttled background tab');
  checkout(b, S + 90_000); // the recorder checks out before the event that sends the buffer
  b.push({ type: 5, timestamp: S + 90_000 });
  assert.equal(b.stale(S + 90_000), false);
  const out = b.drain(S + 90_000);
  assert.deepEqual(out.map((e) => e.type), [4, 2, 5]);
  assert.ok(out.every((e) => S + 90_000 - e.timestamp <= 60_000));
  checkout(b, S + 100_000);
  assert.deepEqual(b.drain(S + 200_000), [], 'nothing rather than more than the last 60 s');
});
