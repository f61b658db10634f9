import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ui } from './ui.mjs';

const { EventType, IncrementalSource, MouseInteraction } = await ui('rrweb.js');
const { FOCUS_TAG, deferFocusChanges, focusPlugin, isFocusChange } = await ui('replay-focus.js');

const interaction = (type, id, timestamp) => ({
  type: EventType.INCREMENTAL_SNAPSHOT, timestamp, data: { source: IncrementalSource.MOUSE_INTERACTION, type, id },
});

/** A replayer as far as the plugin uses it: the mirror and the flush event. */
function replayerWith(nodes) {
  const listeners = {};
  return {
    getMirror: () => ({ getNode: (id) => nodes[id] ?? null }),
    on: (name, fn) => { listeners[name] = fn; },
    emit: (name) => listeners[name] && listeners[name](),
  };
}

function node() {
  return { blurs: 0, blur() { this.blurs++; } };
}

test('focus and blur become custom events; every other event is passed on as it is', () => {
  const click = interaction(MouseInteraction.CLICK, 7, 1000);
  const mutation = { type: EventType.INCREMENTAL_SNAPSHOT, timestamp: 1001, data: { source: IncrementalSource.MUTATION, adds: [] } };
  const events = [click, interaction(MouseInteraction.FOCUS, 7, 1002), mutation, interaction(MouseInteraction.BLUR, 7, 1003)];
  const out = deferFocusChanges(events);
  assert.equal(out[0], click);
  assert.equal(out[2], mutation);
  assert.deepEqual(out[1], { type: EventType.CUSTOM, timestamp: 1002, data: { tag: FOCUS_TAG, payload: { id: 7, blur: false } } });
  assert.deepEqual(out[3], { type: EventType.CUSTOM, timestamp: 1003, data: { tag: FOCUS_TAG, payload: { id: 7, blur: true } } });
  assert.equal(events[1].type, EventType.INCREMENTAL_SNAPSHOT, 'the page\'s own events are not modified');
});

test('only mouse-interaction focus and blur count as focus changes', () => {
  assert.ok(isFocusChange(interaction(MouseInteraction.FOCUS, 1, 1)));
  assert.ok(isFocusChange(interaction(MouseInteraction.BLUR, 1, 1)));
  assert.ok(!isFocusChange(interaction(MouseInteraction.CLICK, 1, 1)));
  // the same numbers under another source: an input event, not a focus change
  assert.ok(!isFocusChange({ type: EventType.INCREMENTAL_SNAPSHOT, timestamp: 1, data: { source: IncrementalSource.INPUT, type: 5 } }));
  assert.ok(!isFocusChange({ type: EventType.FULL_SNAPSHOT, timestamp: 1, data: { node: { type: 5 } } }));
});

test('while fast-forwarding nothing is blurred until the flush, which applies the last change only', () => {
  const a = node();
  const b = node();
  const replayer = replayerWith({ 1: a, 2: b });
  const plugin = focusPlugin();
  plugin.attach(replayer);
  for (const e of deferFocusChanges([interaction(MouseInteraction.BLUR, 1, 1), interaction(MouseInteraction.FOCUS, 2, 2),
    interaction(MouseInteraction.BLUR, 2, 3)])) {
    plugin.handler(e, true, { replayer });
  }
  assert.equal(a.blurs + b.blurs, 0, 'no blur during the fast-forward');
  replayer.emit('flush');
  assert.equal(a.blurs, 0);
  assert.equal(b.blurs, 1, 'the last change, a blur of node 2');
  replayer.emit('flush');
  assert.equal(b.blurs, 1, 'applied once');
});

test('during playback a blur applies at once and a focus does nothing', () => {
  const a = node();
  const replayer = replayerWith({ 1: a });
  const plugin = focusPlugin();
  plugin.attach(replayer);
  const [focus, blur] = deferFocusChanges([interaction(MouseInteraction.FOCUS, 1, 1), interaction(MouseInteraction.BLUR, 1, 2)]);
  plugin.handler(focus, false, { replayer });
  assert.equal(a.blurs, 0);
  plugin.handler(blur, false, { replayer });
  assert.equal(a.blurs, 1);
  plugin.handler(blur, false, { replayer: replayerWith({}) }); // node gone from the mirror: nothing to do, no error
  replayer.emit('flush');
  assert.equal(a.blurs, 1, 'nothing left over for the flush');
});

test('other events pass the plugin untouched', () => {
  const replayer = replayerWith({});
  const plugin = focusPlugin();
  assert.doesNotThrow(() => plugin.handler({ type: EventType.CUSTOM, timestamp: 1, data: { tag: 'network', payload: {} } }, true, { replayer }));
  assert.doesNotThrow(() => plugin.handler({ type: EventType.META, timestamp: 1, data: {} }, false, { replayer }));
});
