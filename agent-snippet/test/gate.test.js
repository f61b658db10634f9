import { test } from 'node:test';
import assert from 'node:assert/strict';
import { askShouldRecord, doNotTrack, urlExcluded } from '../src/recorder/gate.js';

test('excludeUrls: strings match as substrings, RegExps by test()', () => {
  const patterns = ['/checkout/payment', /\/patients\/\d+/, /[?&]step=card\b/g];
  assert.equal(urlExcluded('https://shop.example.com/checkout/payment?x=1', patterns), true);
  assert.equal(urlExcluded('https://clinic.example.com/patients/42/notes', patterns), true);
  assert.equal(urlExcluded('https://shop.example.com/pay?step=card', patterns), true);
  assert.equal(urlExcluded('https://shop.example.com/pay?step=card', patterns), true, 'a global RegExp matches again');
  assert.equal(urlExcluded('https://shop.example.com/checkout/cart', patterns), false);
  assert.equal(urlExcluded('https://clinic.example.com/patients/', patterns), false);
  assert.equal(urlExcluded('https://a.example/', []), false);
  assert.equal(urlExcluded('https://a.example/', ['']), false, 'an empty string excludes nothing');
});

test('Do Not Track and Global Privacy Control', () => {
  assert.equal(doNotTrack({ doNotTrack: '1' }), true);
  assert.equal(doNotTrack({ globalPrivacyControl: true }), true);
  assert.equal(doNotTrack({ doNotTrack: null }, { doNotTrack: '1' }), true, 'window.doNotTrack (older browsers)');
  assert.equal(doNotTrack({ doNotTrack: '0', globalPrivacyControl: false }), false);
  assert.equal(doNotTrack({ doNotTrack: 'unspecified' }), false);
  assert.equal(doNotTrack({}), false);
  assert.equal(doNotTrack(undefined), false);
});

test('shouldRecord: true records in full, false records nothing, anything else leaves it to sampling', () => {
  const ctx = { sessionId: 's', url: 'https://a.example/', userId: 'beta-1', sampled: false };
  assert.equal(askShouldRecord(null, ctx), null);
  assert.equal(askShouldRecord(() => true, ctx), 'full');
  assert.equal(askShouldRecord(() => false, ctx), 'off');
  assert.equal(askShouldRecord(() => undefined, ctx), null);
  assert.equal(askShouldRecord(() => 'yes', ctx), null);
  assert.equal(askShouldRecord(() => {
    throw new Error('bug in the hook');
  }, ctx), 'off', 'a failing hook records nothing');
  let seen;
  askShouldRecord((c) => (seen = c), ctx);
  assert.deepEqual(seen, ctx);
  const beta = new Set(['beta-1']);
  assert.equal(askShouldRecord((c) => beta.has(c.userId) || c.sampled, ctx), 'full');
  assert.equal(askShouldRecord((c) => beta.has(c.userId) || c.sampled, { ...ctx, userId: 'u2' }), 'off');
});
