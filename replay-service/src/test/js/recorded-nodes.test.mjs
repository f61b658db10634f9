import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ui } from './ui.mjs';

const { EventType, IncrementalSource, NodeType } = await ui('rrweb.js');
const { blockedIds, maskedIds } = await ui('recorded-nodes.js');

const element = (id, attributes = {}, childNodes = []) => ({ type: NodeType.ELEMENT, id, tagName: 'div', attributes, childNodes });
const text = (id, textContent) => ({ type: NodeType.TEXT, id, textContent });
const snapshot = (node) => ({ type: EventType.FULL_SNAPSHOT, timestamp: 1, data: { node } });
const mutation = (data) => ({ type: EventType.INCREMENTAL_SNAPSHOT, timestamp: 2, data: { source: IncrementalSource.MUTATION, ...data } });

test('blocked elements are those recorded as boxes with rr_width, in snapshots and added nodes', () => {
  const events = [
    snapshot(element(1, {}, [element(2, { rr_width: '10px', rr_height: '5px' }), element(3)])),
    mutation({ adds: [{ parentId: 1, node: element(4, { rr_width: '1px' }) }] }),
  ];
  assert.deepEqual(blockedIds(events).sort(), [2, 4]);
});

test('masked content is text or values made of asterisks, wherever rrweb records them', () => {
  const events = [
    snapshot(element(1, {}, [element(2, {}, [text(3, '*** **')]), element(4, { value: '****' }), element(5, {}, [text(6, 'a*b')])])),
    mutation({ adds: [{ parentId: 1, node: text(7, '***') }], attributes: [{ id: 8, attributes: { value: '**' } }] }),
    { type: EventType.INCREMENTAL_SNAPSHOT, timestamp: 3, data: { source: IncrementalSource.INPUT, id: 9, text: '*****' } },
    { type: EventType.INCREMENTAL_SNAPSHOT, timestamp: 4, data: { source: IncrementalSource.INPUT, id: 10, text: 'plain' } },
  ];
  // text nodes mark their parent element; values mark the element itself
  assert.deepEqual(maskedIds(events).sort((a, b) => a - b), [1, 2, 4, 8, 9]);
});

test('a node of type 3 (text) under an incremental event type 3 is not confused with it', () => {
  // NodeType.TEXT and EventType.INCREMENTAL_SNAPSHOT are both 3: only snapshot nodes are read as nodes
  const events = [{ type: EventType.INCREMENTAL_SNAPSHOT, timestamp: 1, data: { source: IncrementalSource.SCROLL, id: 3, textContent: '***' } }];
  assert.deepEqual(maskedIds(events), []);
});
