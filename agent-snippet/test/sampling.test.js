import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMode } from '../src/recorder/sampling.js';

const seq = (...values) => () => values.shift();

test('sessions under sessionSampleRate are recorded in full', () => {
  assert.equal(chooseMode({ sessionSampleRate: 0.3, onErrorSampleRate: 1 }, seq(0.29)), 'full');
});

test('the rest are buffered for errors at onErrorSampleRate', () => {
  assert.equal(chooseMode({ sessionSampleRate: 0.3, onErrorSampleRate: 0.5 }, seq(0.3, 0.49)), 'buffer');
  assert.equal(chooseMode({ sessionSampleRate: 0.3, onErrorSampleRate: 0.5 }, seq(0.3, 0.5)), 'off');
});

test('rate 0 never records and rate 1 always does', () => {
  assert.equal(chooseMode({ sessionSampleRate: 0, onErrorSampleRate: 0 }, seq(0, 0)), 'off');
  assert.equal(chooseMode({ sessionSampleRate: 1, onErrorSampleRate: 0 }, seq(0.9999)), 'full');
  assert.equal(chooseMode({ sessionSampleRate: 0, onErrorSampleRate: 1 }, seq(0.9999)), 'buffer');
});

test('defaults record everything in full', () => {
  assert.equal(chooseMode({}, Math.random), 'full');
});

test('observed shares follow the configured rates', () => {
  const counts = { full: 0, buffer: 0, off: 0 };
  for (let i = 0; i < 20000; i++) counts[chooseMode({ sessionSampleRate: 0.1, onErrorSampleRate: 0.5 })]++;
  assert.ok(Math.abs(counts.full / 20000 - 0.1) < 0.02, JSON.stringify(counts));
  assert.ok(Math.abs(counts.buffer / 20000 - 0.45) < 0.02, JSON.stringify(counts));
});
