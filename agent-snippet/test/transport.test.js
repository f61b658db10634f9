import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchBody, createCompressor, createTransport, utf8Bytes } from '../src/recorder/transport.js';

test('a batch body carries the ingest contract fields and the events verbatim', () => {
  const body = JSON.parse(batchBody({ sessionId: 's-1234567', windowId: 'w-1234567' }, 3, 1700000000000, 'u-1', '[{"type":4,"timestamp":1},{"type":2,"timestamp":1}]'));
  assert.deepEqual(body, {
    sessionId: 's-1234567',
    windowId: 'w-1234567',
    seq: 3,
    sentAt: 1700000000000,
    user: { id: 'u-1' },
    events: [{ type: 4, timestamp: 1 }, { type: 2, timestamp: 1 }],
  });
});

test('user is omitted when unknown', () => {
  const body = JSON.parse(batchBody({ sessionId: 's-1234567', windowId: 'w-1234567' }, 0, 1, null, '[]'));
  assert.equal('user' in body, false);
  assert.deepEqual(body.events, []);
});

const text = JSON.stringify({ events: Array.from({ length: 200 }, (_, i) => ({ type: 3, timestamp: i, data: { x: i } })) });
const gunzip = async (buf) => (await import('node:zlib')).gunzipSync(Buffer.from(buf)).toString('utf8');

test('without a worker, compression runs here and yields gzip of the body', async () => {
  const c = createCompressor(false);
  assert.equal(await gunzip(await c.compress(text)), text);
});

/** A stand-in for the browser's Worker: answers each job by `answer(job)`, or fails to load. */
function fakeWorker(answer) {
  const made = [];
  globalThis.Worker = class {
    constructor(url) {
      this.url = url;
      this.terminated = false;
      made.push(this);
    }
    postMessage(job) {
      setTimeout(() => {
        if (answer === 'load-error') this.onerror(new Event('error'));
        else this.onmessage({ data: answer(job) });
      }, 1);
    }
    terminate() {
      this.terminated = true;
    }
  };
  return made;
}

test('with a worker, the body is compressed there and the worker is reused', async (t) => {
  t.after(() => delete globalThis.Worker);
  const { gzipSync } = await import('node:zlib');
  const jobs = [];
  const made = fakeWorker((job) => {
    jobs.push(job);
    const b = gzipSync(job.b);
    return { i: job.i, r: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) };
  });
  const c = createCompressor(true);
  assert.equal(await gunzip(await c.compress(text)), text);
  assert.equal(await gunzip(await c.compress(text + ' ')), text + ' ');
  assert.equal(made.length, 1, 'one worker for all batches');
  assert.deepEqual(jobs.map((j) => j.b.length), [text.length, text.length + 1]);
  c.close();
  assert.equal(made[0].terminated, true);
});

test('a worker that cannot load or fails a job leaves compression to the main thread', async (t) => {
  t.after(() => delete globalThis.Worker);
  const made = fakeWorker('load-error');
  let c = createCompressor(true);
  assert.equal(await gunzip(await c.compress(text)), text, 'the job waiting on the broken worker');
  assert.equal(await gunzip(await c.compress(text)), text, 'later jobs');
  assert.equal(made.length, 1, 'no new worker after a failure');
  fakeWorker((job) => ({ i: job.i })); // the worker could not compress this one
  c = createCompressor(true);
  assert.equal(await gunzip(await c.compress(text)), text);
});

test('on page exit, a fetch that throws hands the body to sendBeacon with the key in the URL', (t) => {
  const beacons = [];
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { sendBeacon: (url, blob) => (beacons.push({ url, blob }), true) } });
  t.after(() => (saved ? Object.defineProperty(globalThis, 'navigator', saved) : delete globalThis.navigator));
  const calls = [];
  const throwing = (url, init) => {
    calls.push(init);
    throw new TypeError('keepalive not supported');
  };
  const tr = createTransport('https://replay.example.com/', 'rl_ik_secret&x', throwing, false);
  assert.equal(tr.sendOnExit('{"events":[]}'), true);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].keepalive, true);
  assert.equal(beacons.length, 1);
  assert.equal(beacons[0].url, 'https://replay.example.com/api/v1/ingest?key=rl_ik_secret%26x');
  assert.equal(beacons[0].blob.type, 'application/json');
});

test('an exit body over the keepalive limit goes to sendBeacon; false when nothing took it', (t) => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  let answer = true;
  const beacons = [];
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { sendBeacon: (url) => (beacons.push(url), answer) } });
  t.after(() => (saved ? Object.defineProperty(globalThis, 'navigator', saved) : delete globalThis.navigator));
  const fetches = [];
  const tr = createTransport('https://replay.example.com', 'k', (u, i) => (fetches.push(i), Promise.resolve({ status: 200 })), false);
  const big = JSON.stringify({ s: 'é'.repeat(40 * 1024) }); // 40 Ki characters, 80 KiB of UTF-8
  assert.equal(tr.sendOnExit(big), true);
  assert.equal(fetches.length, 0, 'too large for keepalive');
  answer = false;
  assert.equal(tr.sendOnExit(big), false);
  assert.equal(utf8Bytes(big), Buffer.byteLength(big));
});
