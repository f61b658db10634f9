import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorPayload } from '../src/recorder/capture.js';

test('error payloads use the error name as type and keep the stack', () => {
  const e = new TypeError('x is not a function');
  const p = errorPayload('error', e);
  assert.equal(p.type, 'TypeError');
  assert.equal(p.message, 'x is not a function');
  assert.match(p.stack, /TypeError: x is not a function/);
});

test('rejections with non-Error reasons are described', () => {
  assert.deepEqual(errorPayload('unhandledrejection', { code: 42 }), { type: 'unhandledrejection', message: '{"code":42}' });
  assert.equal(errorPayload('unhandledrejection', 'plain').message, 'plain');
});

test('cross-origin script errors without an Error object keep the browser message', () => {
  assert.deepEqual(errorPayload('error', null, 'Script error.'), { type: 'error', message: 'Script error.' });
});

test('messages and stacks are size-capped', () => {
  const e = new Error('m'.repeat(5000));
  e.stack = 's'.repeat(10000);
  const p = errorPayload('error', e);
  assert.ok(p.message.length <= 1001);
  assert.ok(p.stack.length <= 4001);
});
