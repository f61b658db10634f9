import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE_TIMEOUT_MS, MAX_SESSION_MS, isExpired, refreshSession, resolveSession, storageRecord } from '../src/recorder/session.js';

const T0 = 1_700_000_000_000;
const alive = { id: 'existing-session', startedAt: T0, lastActivity: T0, mode: 'full' };

test('a session idle for less than 30 minutes is continued with the same ID and mode', () => {
  const r = resolveSession(alive, T0 + IDLE_TIMEOUT_MS - 1, () => 'off');
  assert.equal(r.created, false);
  assert.equal(r.session.id, 'existing-session');
  assert.equal(r.session.mode, 'full');
  assert.equal(r.session.lastActivity, T0 + IDLE_TIMEOUT_MS - 1);
});

test('30 minutes idle starts a new session with a freshly sampled mode', () => {
  const r = resolveSession(alive, T0 + IDLE_TIMEOUT_MS, () => 'buffer');
  assert.equal(r.created, true);
  assert.notEqual(r.session.id, 'existing-session');
  assert.equal(r.session.mode, 'buffer');
  assert.equal(r.session.startedAt, T0 + IDLE_TIMEOUT_MS);
});

test('a session older than 24 hours expires even while active', () => {
  const busy = { ...alive, lastActivity: T0 + MAX_SESSION_MS - 1000 };
  assert.equal(isExpired(busy, T0 + MAX_SESSION_MS - 1), false);
  assert.equal(isExpired(busy, T0 + MAX_SESSION_MS), true);
});

test('missing or malformed stored sessions count as expired', () => {
  assert.equal(isExpired(null, T0), true);
  assert.equal(isExpired({ id: 5 }, T0), true);
  assert.equal(isExpired({ id: 'x', startedAt: 'no', lastActivity: T0 }, T0), true);
});

test('storage records survive broken storage without throwing', () => {
  const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('full'); }, removeItem() { throw new Error('x'); } };
  const rec = storageRecord(broken, 'k');
  assert.equal(rec.read(), null);
  rec.write({ a: 1 });
  rec.remove();
  const map = new Map();
  const ok = storageRecord({ getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) }, 'k');
  ok.write({ a: 1 });
  assert.deepEqual(ok.read(), { a: 1 });
});

test("a tab idle for 30 minutes continues the session another tab kept alive", () => {
  const mine = { ...alive };
  const now = T0 + IDLE_TIMEOUT_MS + 1000;
  const stored = { ...alive, lastActivity: T0 + IDLE_TIMEOUT_MS - 5000 }; // the other tab's activity
  const s = refreshSession(mine, stored, now, IDLE_TIMEOUT_MS, MAX_SESSION_MS);
  assert.equal(s.id, 'existing-session');
  assert.equal(s.lastActivity, stored.lastActivity);
  assert.equal(refreshSession(mine, null, now, IDLE_TIMEOUT_MS, MAX_SESSION_MS), null, 'no other tab: expired');
  assert.equal(refreshSession(mine, { ...stored, id: 'newer-session' }, now, IDLE_TIMEOUT_MS, MAX_SESSION_MS), null,
    "another tab's new session does not keep this one alive");
  assert.equal(refreshSession(mine, stored, T0 + MAX_SESSION_MS, IDLE_TIMEOUT_MS, MAX_SESSION_MS), null, 'the 24 h limit holds');
});
