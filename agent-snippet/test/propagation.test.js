import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBaggage, newTraceparent, shouldPropagate, traceIdOf } from '../src/recorder/propagation.js';

const ORIGIN = 'https://shop.example';

test('session.id is appended to existing baggage without touching other entries', () => {
  assert.equal(mergeBaggage('userId=alice,tenant=acme;prop=1', 's-123'), 'userId=alice,tenant=acme;prop=1,session.id=s-123');
});

test('baggage is created when there is none', () => {
  assert.equal(mergeBaggage(null, 's-123'), 'session.id=s-123');
  assert.equal(mergeBaggage('  ', 's-123'), 'session.id=s-123');
});

test('a stale session.id entry is replaced, never duplicated', () => {
  assert.equal(mergeBaggage('session.id=old, a=1', 'new-id'), 'a=1,session.id=new-id');
});

test('new traceparent is a sampled W3C header whose trace ID can be read back', () => {
  const tp = newTraceparent();
  assert.match(tp, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  assert.equal(traceIdOf(tp), tp.slice(3, 35));
});

test('invalid traceparent values have no trace ID', () => {
  assert.equal(traceIdOf('00-00000000000000000000000000000000-0123456789abcdef-01'), null);
  assert.equal(traceIdOf('garbage'), null);
  assert.equal(traceIdOf(null), null);
  assert.equal(traceIdOf('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01'), '4bf92f3577b34da6a3ce929d0e0e4736');
});

test('default targets are the page origin only', () => {
  assert.equal(shouldPropagate('/api/cart', null, ORIGIN), true);
  assert.equal(shouldPropagate('https://shop.example/api', [], ORIGIN), true);
  assert.equal(shouldPropagate('https://cdn.example/x.js', null, ORIGIN), false);
  assert.equal(shouldPropagate('http://shop.example/api', null, ORIGIN), false);
});

test('configured targets match by origin, URL prefix or RegExp', () => {
  const targets = ['https://api.example', 'https://other.example/v2/', /^https:\/\/[a-z]+\.internal\//];
  assert.equal(shouldPropagate('https://api.example/orders', targets, ORIGIN), true);
  assert.equal(shouldPropagate('https://api.example.evil.com/orders', targets, ORIGIN), false);
  assert.equal(shouldPropagate('https://other.example/v2/x', targets, ORIGIN), true);
  assert.equal(shouldPropagate('https://other.example/v1/x', targets, ORIGIN), false);
  assert.equal(shouldPropagate('https://billing.internal/pay', targets, ORIGIN), true);
  assert.equal(shouldPropagate('/same-origin', targets, ORIGIN), false);
});

test('non-http URLs never get headers', () => {
  assert.equal(shouldPropagate('data:text/plain,hi', null, ORIGIN), false);
  assert.equal(shouldPropagate('blob:https://shop.example/1', null, ORIGIN), false);
});
