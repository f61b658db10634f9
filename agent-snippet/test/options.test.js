import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeOptions } from '../src/recorder/options.js';

test('defaults follow the public contract', () => {
  const o = normalizeOptions({ endpoint: 'https://replay.example.com/', key: 'k' });
  assert.equal(o.endpoint, 'https://replay.example.com');
  assert.equal(o.sessionSampleRate, 1);
  assert.equal(o.onErrorSampleRate, 1);
  assert.equal(o.privacy, 'balanced');
  assert.equal(o.requireConsent, false);
  assert.equal(o.batchIntervalMs, 5000);
  assert.equal(o.replayBaseUrl, 'https://replay.example.com');
  assert.equal(o.compressionWorker, true);
});

test('bad options fail with a message naming the option', () => {
  assert.throws(() => normalizeOptions({ key: 'k' }), /'endpoint'/);
  assert.throws(() => normalizeOptions({ endpoint: 'https://r.example' }), /'key'/);
  assert.throws(() => normalizeOptions({ endpoint: 'https://r.example', key: 'k', privacy: 'loose' }), /'privacy'/);
  assert.throws(() => normalizeOptions({ endpoint: 'https://r.example', key: 'k', sessionSampleRate: 2 }), /'sessionSampleRate'/);
  assert.throws(() => normalizeOptions({ endpoint: 'https://r.example', key: 'k', tracePropagationTargets: 'x' }), /'tracePropagationTargets'/);
  assert.throws(() => normalizeOptions({ endpoint: 'https://r.example', key: 'k', compressionWorker: 'no' }), /'compressionWorker'/);
});

test('excludeUrls, shouldRecord and respectDoNotTrack', () => {
  const base = { endpoint: 'https://r.example', key: 'k' };
  const d = normalizeOptions(base);
  assert.deepEqual(d.excludeUrls, []);
  assert.equal(d.shouldRecord, null);
  assert.equal(d.respectDoNotTrack, false);
  const hook = () => true;
  const o = normalizeOptions({ ...base, excludeUrls: ['/pay', /\/patients\//], shouldRecord: hook, respectDoNotTrack: true });
  assert.equal(o.shouldRecord, hook);
  assert.equal(o.excludeUrls.length, 2);
  assert.throws(() => normalizeOptions({ ...base, excludeUrls: '/pay' }), /'excludeUrls'/);
  assert.throws(() => normalizeOptions({ ...base, excludeUrls: [42] }), /'excludeUrls'/);
  assert.throws(() => normalizeOptions({ ...base, shouldRecord: true }), /'shouldRecord'/);
});
