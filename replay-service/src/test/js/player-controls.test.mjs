import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ui } from './ui.mjs';

const { EventType, IncrementalSource } = await ui('rrweb.js');
const { inactivePeriods } = await ui('player-controls.js');

const input = (source, timestamp) => ({ type: EventType.INCREMENTAL_SNAPSHOT, timestamp, data: { source } });

test('gaps of more than 10 s between user interactions are inactive, including up to the end', () => {
  const events = [
    { type: EventType.META, timestamp: 0, data: {} },
    input(IncrementalSource.MOUSE_MOVE, 1000),
    input(IncrementalSource.MUTATION, 8000), // the page changing is not the user interacting
    input(IncrementalSource.SCROLL, 20_000),
    input(IncrementalSource.INPUT, 25_000),
    { type: EventType.CUSTOM, timestamp: 40_000, data: { tag: 'network', payload: {} } },
  ];
  assert.deepEqual(inactivePeriods(events), [[1000, 20_000], [25_000, 40_000]]);
});

test('no events, no periods; a busy recording has none', () => {
  assert.deepEqual(inactivePeriods([]), []);
  assert.deepEqual(inactivePeriods([input(IncrementalSource.MOUSE_MOVE, 0), input(IncrementalSource.DRAG, 9000)]), []);
});
