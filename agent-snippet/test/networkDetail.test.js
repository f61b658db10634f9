import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MASKED, bodyDetail, maskJson, networkDetail, pickHeaders } from '../src/recorder/networkDetail.js';
import { newTraceparent, spanIdOf } from '../src/recorder/propagation.js';
import { normalizeOptions } from '../src/recorder/options.js';

const BASE = { endpoint: 'https://replay.example', key: 'k' };

test('no URL is allow-listed by default, so no detail is recorded', () => {
  assert.equal(networkDetail(normalizeOptions(BASE)), null);
});

test('allow-listed URLs match by substring or RegExp, others do not', () => {
  const d = networkDetail(normalizeOptions({ ...BASE, networkDetailAllowUrls: ['/api/cart', /\/orders\/\d+$/] }));
  assert.equal(d.wants('https://shop.example/api/cart?x=1'), true);
  assert.equal(d.wants('https://shop.example/orders/42'), true);
  assert.equal(d.wants('https://shop.example/api/login'), false);
});

test('secret-looking JSON keys are masked at any depth, other values kept', () => {
  assert.deepEqual(maskJson({ user: 'ann', Password: 'x', nested: [{ apiToken: 't', cvv: 123, ok: 1 }], card: null }),
    { user: 'ann', Password: MASKED, nested: [{ apiToken: MASKED, cvv: MASKED, ok: 1 }], card: null });
});

test('bodies are masked before they are cut at the byte limit; non-text bodies keep only size and type', () => {
  const d = bodyDetail(JSON.stringify({ secret: 's', pad: 'é'.repeat(100) }), 'application/json', 40);
  assert.equal(d.truncated, true);
  assert.ok(new TextEncoder().encode(d.body).length <= 40 + 3, d.body);
  assert.ok(d.body.startsWith('{"secret":"[masked]"'), d.body);
  assert.ok(d.bodySize > 200);
  assert.deepEqual(bodyDetail('plain text', 'text/plain', 100), { body: 'plain text', bodySize: 10 });
  assert.deepEqual(bodyDetail(new Blob(['abc'], { type: 'image/png' }), null, 100), { bodySize: 3, bodyType: 'Blob' });
  assert.deepEqual(bodyDetail(undefined, null, 100), {});
});

test('only the safe default and configured headers are kept; secret-looking ones are masked', () => {
  const h = new Headers({ 'content-type': 'application/json', authorization: 'Bearer x', 'x-trace': '1', 'x-api-token': 't' });
  assert.deepEqual(pickHeaders(h, ['content-type', 'accept', 'x-api-token']), { 'content-type': 'application/json', 'x-api-token': MASKED });
  const d = networkDetail(normalizeOptions({ ...BASE, networkDetailAllowUrls: ['/'], networkRequestHeaders: ['X-Trace'] }));
  assert.deepEqual(d.request(h, undefined).headers, { 'content-type': 'application/json', 'x-trace': '1' });
});

test('traceSampleRate sets the share of new traceparents with the sampled flag; the span ID reads back', () => {
  let i = 0;
  const seq = () => [0.1, 0.6, 0.3, 0.9][i++ % 4];
  const flags = [0, 1, 2, 3].map(() => newTraceparent(0.5, seq).slice(-2));
  assert.deepEqual(flags, ['01', '00', '01', '00']);
  assert.equal(newTraceparent(0).slice(-2), '00');
  assert.equal(newTraceparent(1).slice(-2), '01');
  const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
  assert.equal(spanIdOf(tp), '00f067aa0ba902b7');
  assert.equal(spanIdOf('garbage'), null);
});

test('request-detail options are validated with the option named', () => {
  assert.throws(() => normalizeOptions({ ...BASE, traceSampleRate: 2 }), /traceSampleRate/);
  assert.throws(() => normalizeOptions({ ...BASE, networkDetailAllowUrls: '/api' }), /networkDetailAllowUrls/);
  assert.throws(() => normalizeOptions({ ...BASE, networkResponseHeaders: [1] }), /networkResponseHeaders/);
  assert.throws(() => normalizeOptions({ ...BASE, networkBodyMaxBytes: 0 }), /networkBodyMaxBytes/);
  const o = normalizeOptions(BASE);
  assert.equal(o.traceSampleRate, 1);
  assert.equal(o.networkBodyMaxBytes, 10 * 1024);
});
