import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchBody } from '../src/recorder/transport.js';

test('a batch body carries the ingest contract fields and the events verbatim', () => {
  const body = JSON.parse(batchBody({ sessionId: 's-1234567', windowId: 'w-1234567' }, 3, 1700000000000, 'u-1', ['{"type":4,"timestamp":1}', '{"type":2,"timestamp":1}']));
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
  const body = JSON.parse(batchBody({ sessionId: 's-1234567', windowId: 'w-1234567' }, 0, 1, null, []));
  assert.equal('user' in body, false);
  assert.deepEqual(body.events, []);
});
