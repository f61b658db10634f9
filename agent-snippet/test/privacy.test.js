import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanAndMeasure, cleanEvent, recordOptions } from '../src/recorder/privacy.js';
import { estimateSize } from '../src/recorder/queue.js';
import { scrubbedParamNames } from '../src/recorder/scrub.js';

const names = scrubbedParamNames([]);

test('both modes mask every input kind, hidden inputs and passwords included', () => {
  for (const mode of ['balanced', 'strict']) {
    const o = recordOptions(mode);
    assert.equal(o.maskInputOptions.input, true);
    assert.equal(o.maskInputOptions.textarea, true);
    assert.equal(o.maskInputOptions.select, true);
    assert.equal(o.maskInputOptions.hidden, true);
    assert.equal(o.maskInputOptions.password, true);
    assert.equal(o.maskInputFn('hunter2', { type: 'password' }), '********');
    assert.equal(o.maskInputFn('a@b.c', { type: 'email' }), '*****');
  }
});

test('balanced masks marked text, select options and contenteditable text; strict masks all text except data-replay-unmask', () => {
  const b = recordOptions('balanced');
  assert.equal(b.maskTextSelector, '[data-replay-mask],.rl-mask,option,[contenteditable]:not([contenteditable="false"])');
  assert.equal(b.maskTextFn('Card 4242', null), '**** ****');
  const s = recordOptions('strict');
  assert.equal(s.maskTextSelector, '*');
  assert.equal(s.maskTextFn('Hello you', { closest: () => null }), '***** ***');
  assert.equal(s.maskTextFn('Hello you', { closest: (sel) => (sel === '[data-replay-unmask]' ? {} : null) }), 'Hello you');
  assert.equal(s.maskTextFn('Diagnosis', { closest: () => ({}) }), '*********', 'an option stays masked inside data-replay-unmask');
  const editableInUnmasked = { closest: (sel) => (sel === 'select,option' ? null : {}) };
  assert.equal(s.maskTextFn('Typed note', editableInUnmasked), '***** ****', 'contenteditable text stays masked inside data-replay-unmask');
  assert.match(s.blockSelector, /img:not\(\[data-replay-unmask\]\)/);
  assert.match(b.blockSelector, /\[data-replay-block\]/);
  assert.doesNotMatch(b.blockSelector, /img/);
});

test('page URL in Meta events is scrubbed', () => {
  const e = cleanEvent({ type: 4, timestamp: 1, data: { href: 'https://a.example/p?token=t&x=1', width: 1, height: 1 } }, false, names);
  assert.equal(e.data.href, 'https://a.example/p?token=[scrubbed]&x=1');
});

const snapshot = () => ({
  type: 2,
  timestamp: 1,
  data: {
    node: {
      type: 0,
      childNodes: [
        { type: 2, tagName: 'input', attributes: { placeholder: 'Your e-mail', title: 'Mail', 'aria-label': 'E-mail' }, childNodes: [] },
        { type: 2, tagName: 'a', attributes: { href: '/reset?token=abc' }, childNodes: [] },
        { type: 2, tagName: 'div', attributes: { 'data-replay-unmask': '' }, childNodes: [{ type: 2, tagName: 'span', attributes: { title: 'Public' }, childNodes: [] }] },
      ],
    },
  },
});

test('strict masks placeholder, title and aria-label outside unmasked subtrees', () => {
  const n = cleanEvent(snapshot(), true, names).data.node.childNodes;
  assert.deepEqual(n[0].attributes, { placeholder: '**** ******', title: '****', 'aria-label': '******' });
  assert.equal(n[1].attributes.href, '/reset?token=[scrubbed]');
  assert.equal(n[2].childNodes[0].attributes.title, 'Public');
});

test('balanced keeps descriptive attributes but still scrubs URLs', () => {
  const n = cleanEvent(snapshot(), false, names).data.node.childNodes;
  assert.equal(n[0].attributes.placeholder, 'Your e-mail');
  assert.equal(n[1].attributes.href, '/reset?token=[scrubbed]');
});

test('attribute mutations and added nodes are cleaned too', () => {
  const e = cleanEvent(
    {
      type: 3,
      timestamp: 1,
      data: {
        source: 0,
        adds: [{ parentId: 1, node: { type: 2, tagName: 'img', attributes: { alt: 'Me', src: '/a.png?sig=1&auth=x' }, childNodes: [] } }],
        attributes: [{ id: 3, attributes: { placeholder: 'Secret hint' } }],
        removes: [],
        texts: [],
      },
    },
    true,
    names,
  );
  assert.equal(e.data.adds[0].node.attributes.alt, '**');
  assert.equal(e.data.adds[0].node.attributes.src, '/a.png?sig=1&auth=[scrubbed]');
  assert.equal(e.data.attributes[0].attributes.placeholder, '****** ****');
});

test('cleaning measures the event on the same walk, as the queue would estimate it', () => {
  const events = [
    snapshot(),
    { type: 4, timestamp: 1, data: { href: 'https://a.example/p?token=t', width: 1, height: 1 } },
    { type: 3, timestamp: 2, data: { source: 0, adds: [{ parentId: 1, nextId: null, node: snapshot().data.node }], attributes: [{ id: 3, attributes: { href: '/x?code=1' } }], removes: [{ parentId: 1, id: 2 }], texts: [{ id: 4, value: 'hi' }] } },
    { type: 3, timestamp: 3, data: { source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: 0 }] } },
    { type: 5, timestamp: 4, data: { tag: 'track', payload: {} } },
  ];
  for (const e of events) {
    const measured = cleanAndMeasure(e, true, names);
    assert.equal(measured, estimateSize(e), `type ${e.type}`);
  }
});

test('value attributes are masked on every element except the numbers of li, meter and progress', () => {
  const node = (tagName, value) => ({ type: 2, tagName, attributes: { value }, childNodes: [] });
  const e = cleanEvent({ type: 2, timestamp: 1, data: { node: { type: 0, childNodes: [
    node('button', 'tok_live_123'), node('option', 'jane@example.com'), node('data', 'A-17'), node('li', '3'), node('meter', '0.75'),
    node('progress', '40'), node('li', 'x9'), node('input', '********')] } } }, false, names);
  assert.deepEqual(e.data.node.childNodes.map((n) => n.attributes.value), ['************', '****************', '****', '3', '0.75', '40', '**', '********']);
  const m = cleanEvent({ type: 3, timestamp: 1, data: { source: 0, adds: [], removes: [], texts: [], attributes: [{ id: 4, attributes: { value: '17' } }] } }, false, names);
  assert.equal(m.data.attributes[0].attributes.value, '**', 'an attribute mutation does not say which element it changes');
});

test('data-* attributes lose e-mail addresses and token-like values, and keep the rest', () => {
  const attributes = {
    'data-user': 'Signed in as jane.doe+shop@example.co.uk',
    'data-token': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N',
    'data-session': '0190f5e2-7a1b-7c3d-8e4f-123456789abc',
    'data-key': 'sk_live_51H8abcdEFGH1234',
    'data-testid': 'checkout-button-primary',
    'data-state': 'open',
    'data-id': '42',
  };
  const e = cleanEvent({ type: 2, timestamp: 1, data: { node: { type: 2, tagName: 'div', attributes, childNodes: [] } } }, false, names);
  const a = e.data.node.attributes;
  assert.equal(a['data-user'], `Signed in as ${'*'.repeat(27)}`);
  for (const k of ['data-token', 'data-session', 'data-key']) assert.match(a[k], /^[*.]+$/, k);
  assert.equal(a['data-testid'], 'checkout-button-primary');
  assert.equal(a['data-state'], 'open');
  assert.equal(a['data-id'], '42');
});
