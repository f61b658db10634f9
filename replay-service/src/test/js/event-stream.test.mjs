import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ui } from './ui.mjs';

const { EventType, IncrementalSource, MouseInteraction } = await ui('rrweb.js');
const P = await ui('protocol.js');
const { buildEntries, groupOf, opensPanel } = await ui('event-stream.js');

const custom = (tag, payload, timestamp) => ({ type: EventType.CUSTOM, timestamp, data: { tag, payload } });
const meta = (href, timestamp) => ({ type: EventType.META, timestamp, data: { href, width: 800, height: 600 } });

test('every marker kind falls into its filter group', () => {
  assert.equal(groupOf(P.KIND_NAVIGATION), 'navigation');
  assert.equal(groupOf('click'), 'click');
  assert.equal(groupOf(P.KIND_NETWORK), 'network');
  assert.equal(groupOf(P.KIND_CONSOLE), 'console');
  for (const kind of [P.KIND_ERROR, P.KIND_BACKEND_ERROR, ...P.KIND_FRUSTRATION]) assert.equal(groupOf(kind), 'problem', kind);
  for (const kind of [P.KIND_TRACK, P.KIND_IDENTIFY, P.KIND_RECORDING_PAUSED]) assert.equal(groupOf(kind), 'other', kind);
});

test('entries come from custom events, clicks and page loads, in time order', () => {
  const events = [
    meta('https://shop.example/cart?x=1', 1000),
    custom(P.KIND_NAVIGATION, { url: 'https://shop.example/cart?x=1' }, 1001), // the same page as the Meta: no second entry
    { type: EventType.INCREMENTAL_SNAPSHOT, timestamp: 1500, data: { source: IncrementalSource.MOUSE_INTERACTION, type: MouseInteraction.CLICK, id: 42, x: 10.4, y: 20.6 } },
    // number 2 again, as an input source's type: not a click
    { type: EventType.INCREMENTAL_SNAPSHOT, timestamp: 1600, data: { source: IncrementalSource.INPUT, type: MouseInteraction.CLICK, id: 43 } },
    custom(P.KIND_NETWORK, { method: 'POST', url: 'https://shop.example/api/checkout', status: 500, durationMs: 12.3, traceId: 'ab'.repeat(16) }, 2000),
    custom(P.KIND_RAGE_CLICK, { x: 1, y: 2, selector: 'button#pay' }, 2500),
    custom('unknown-tag', {}, 2600),
  ];
  const entries = buildEntries(events, [], 1000, 3000);
  assert.deepEqual(entries.map((e) => [e.kind, e.ts]),
    [[P.KIND_NAVIGATION, 1000], ['click', 1500], [P.KIND_NETWORK, 2000], [P.KIND_RAGE_CLICK, 2500]]);
  assert.equal(entries[0].label, 'page loaded: /cart?x=1');
  assert.equal(entries[1].label, 'click at 10, 21');
  assert.equal(entries[1].nodeId, 42);
  assert.equal(entries[2].label, 'POST /api/checkout → 500 · 12 ms');
  assert.equal(entries[2].severity, 'bad');
  assert.equal(entries[3].label, 'button#pay');
});

test('API markers inside the loaded range are duplicates of the events; backend errors and markers outside are kept', () => {
  const markers = [
    { timestamp: 1500, kind: P.KIND_ERROR, label: 'TypeError: x' }, // inside, from the recording itself
    { timestamp: 1600, kind: P.KIND_BACKEND_ERROR, label: 'IllegalStateException: card declined', traceId: 'cd'.repeat(16) },
    { timestamp: 9000, kind: P.KIND_ERROR, label: 'later error' }, // outside the loaded part
  ];
  const entries = buildEntries([], markers, 1000, 3000);
  assert.deepEqual(entries.map((e) => [e.kind, e.ts, e.severity]), [[P.KIND_BACKEND_ERROR, 1600, 'bad'], [P.KIND_ERROR, 9000, 'bad']]);
});

test('network requests and backend errors with a trace or request detail open the Trace panel', () => {
  assert.ok(opensPanel({ kind: P.KIND_NETWORK, traceId: 'ab'.repeat(16) }));
  assert.ok(opensPanel({ kind: P.KIND_NETWORK, request: { method: 'GET' } }));
  assert.ok(opensPanel({ kind: P.KIND_BACKEND_ERROR, traceId: 'ab'.repeat(16) }));
  assert.ok(!opensPanel({ kind: P.KIND_NETWORK }));
  assert.ok(!opensPanel({ kind: P.KIND_ERROR, traceId: 'ab'.repeat(16) }));
});
