import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FrustrationDetector } from '../src/recorder/frustration.js';

const T = 1_700_000_000_000;
const tags = (signals) => signals.map((s) => s.tag);

test('three close, quick clicks are one rage click at the third click', () => {
  const d = new FrustrationDetector();
  assert.deepEqual(d.click(T, 100, 100, 'button#buy', true), []);
  assert.deepEqual(d.click(T + 400, 110, 105, 'button#buy', true), []);
  const s = d.click(T + 800, 105, 110, 'button#buy', true);
  assert.deepEqual(tags(s), ['rage-click']);
  assert.deepEqual(s[0], { tag: 'rage-click', timestamp: T + 800, payload: { x: 105, y: 110, selector: 'button#buy' } });
  assert.deepEqual(d.click(T + 1200, 105, 110, 'button#buy', true), [], 'one signal per streak');
});

test('clicks 1000 ms apart or 30 px apart are not rage clicks', () => {
  const slow = new FrustrationDetector();
  slow.click(T, 0, 0, 'a', false);
  slow.click(T + 1000, 0, 0, 'a', false);
  assert.deepEqual(slow.click(T + 2000, 0, 0, 'a', false), []);
  const far = new FrustrationDetector();
  far.click(T, 0, 0, 'a', false);
  far.click(T + 100, 30, 0, 'a', false);
  assert.deepEqual(far.click(T + 200, 60, 0, 'a', false), []);
});

test('a click on a button with no reaction within 2500 ms is a dead click at the click time', () => {
  const d = new FrustrationDetector();
  d.click(T, 10, 20, 'button.save', true);
  assert.deepEqual(d.poll(T + 2499), []);
  const s = d.poll(T + 2500);
  assert.deepEqual(s, [{ tag: 'dead-click', timestamp: T, payload: { x: 10, y: 20, selector: 'button.save' } }]);
  assert.deepEqual(d.poll(T + 5000), [], 'reported once');
});

test('a DOM mutation, navigation or scroll after the click means the click worked', () => {
  const d = new FrustrationDetector();
  d.click(T, 10, 20, 'button.ok', true);
  d.reaction(T + 50);
  assert.deepEqual(d.poll(T + 3000), []);
});

test('a reaction before the click does not save it', () => {
  const d = new FrustrationDetector();
  d.reaction(T - 10);
  d.click(T, 10, 20, 'button.ok', true);
  assert.deepEqual(tags(d.poll(T + 2600)), ['dead-click']);
});

test('clicks on plain text are never dead clicks', () => {
  const d = new FrustrationDetector();
  d.click(T, 10, 20, 'p', false);
  assert.deepEqual(d.poll(T + 5000), []);
});

test('rage clicks on a dead button are reported as rage, not also as dead', () => {
  const d = new FrustrationDetector();
  d.click(T, 0, 0, 'button', true);
  d.click(T + 100, 0, 0, 'button', true);
  d.click(T + 200, 0, 0, 'button', true);
  assert.deepEqual(d.poll(T + 5000), []);
});

test('an uncaught error within 1000 ms after a click is an error click at the click', () => {
  const d = new FrustrationDetector();
  d.click(T, 5, 6, 'button#pay', true);
  d.reaction(T + 1);
  const s = d.error(T + 1000);
  assert.deepEqual(s, [{ tag: 'error-click', timestamp: T, payload: { x: 5, y: 6, selector: 'button#pay' } }]);
  assert.deepEqual(d.error(T + 1001), [], 'one error click per click');
});

test('an error click is not also reported as a dead click', () => {
  const d = new FrustrationDetector();
  d.click(T, 5, 6, 'button#pay', true);
  d.error(T + 10);
  assert.deepEqual(d.poll(T + 3000), []);
});

test('an error more than 1000 ms after the click is not an error click', () => {
  const d = new FrustrationDetector();
  d.click(T, 5, 6, 'button#pay', true);
  assert.deepEqual(d.error(T + 1001), []);
  assert.deepEqual(new FrustrationDetector().error(T), []);
});

function wiggle(d, start, legs, width, stepMs) {
  let x = 500;
  let out = [];
  let t = start;
  for (let leg = 0; leg < legs; leg++) {
    const dir = leg % 2 === 0 ? 1 : -1;
    for (let i = 0; i < 5; i++) {
      x += (dir * width) / 5;
      t += stepMs;
      out = out.concat(d.move(t, x, 300, null));
    }
  }
  return out;
}

test('five wide direction reversals within 1.5 s are mouse thrash', () => {
  const d = new FrustrationDetector();
  const s = wiggle(d, T, 6, 80, 20);
  assert.deepEqual(tags(s), ['mouse-thrash']);
});

test('narrow or slow movement is not mouse thrash', () => {
  assert.deepEqual(wiggle(new FrustrationDetector(), T, 8, 30, 20), [], 'legs under 40 px');
  assert.deepEqual(wiggle(new FrustrationDetector(), T, 6, 80, 100), [], '5 reversals over more than 1.5 s');
});

test('a click resets mouse thrash', () => {
  const d = new FrustrationDetector();
  wiggle(d, T, 4, 80, 20);
  d.click(T + 500, 0, 0, 'div', false);
  assert.deepEqual(tags(wiggle(d, T + 500, 3, 80, 20)), []);
});

test('a long thrash is one signal; a new one after a pause of 1.5 s is another', () => {
  const d = new FrustrationDetector();
  assert.deepEqual(tags(wiggle(d, T, 20, 80, 20)), ['mouse-thrash']);
  assert.deepEqual(tags(wiggle(d, T + 2000 + 1600, 6, 80, 20)), ['mouse-thrash']);
});

test('moving with a button held (dragging, selecting text) is not mouse thrash', () => {
  const d = new FrustrationDetector();
  let x = 500;
  const out = [];
  for (let i = 0; i < 40; i++) {
    x += (Math.floor(i / 5) % 2 === 0 ? 1 : -1) * 16;
    out.push(...d.move(T + i * 20, x, 300, null, 1));
  }
  assert.deepEqual(out, []);
});

// Mousemove events Chromium delivered for generated, human-like paths played in real time
// (captured by e2e/record-mouse-paths.mjs from e2e/lib/mouse-paths.mjs; no real users' movement).
const recorded = JSON.parse(readFileSync(new URL('./fixtures/mouse-paths.json', import.meta.url), 'utf8'));

for (const p of recorded.paths) {
  test(`generated path '${p.name}' played in Chromium gives ${p.kind === 'thrash' ? 'exactly one' : 'no'} mouse-thrash`, () => {
    const d = new FrustrationDetector();
    const signals = [];
    for (const [t, x, y, buttons] of p.moves) signals.push(...d.move(T + t, x, y, null, buttons));
    assert.deepEqual(tags(signals), p.kind === 'thrash' ? ['mouse-thrash'] : []);
  });
}
