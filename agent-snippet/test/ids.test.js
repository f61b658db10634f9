import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomHex, uuidv7 } from '../src/recorder/ids.js';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('uuidv7 has version 7, the RFC variant and the accepted session ID format', () => {
  const id = uuidv7();
  assert.match(id, UUID7);
  assert.match(id, /^[A-Za-z0-9._-]{8,128}$/);
});

test('uuidv7 sorts by creation time', () => {
  const a = uuidv7(1_700_000_000_000);
  const b = uuidv7(1_700_000_000_001);
  assert.ok(a < b);
  assert.equal(a.slice(0, 13).replace('-', ''), (1_700_000_000_000).toString(16).padStart(12, '0'));
});

test('randomHex gives lowercase hex of the requested byte length', () => {
  assert.match(randomHex(16), /^[0-9a-f]{32}$/);
  assert.match(randomHex(8), /^[0-9a-f]{16}$/);
});
