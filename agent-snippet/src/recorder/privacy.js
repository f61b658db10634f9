// Privacy modes: what rrweb masks and blocks, and the attribute/URL clean-up applied to every event.
import { scrubUrl } from './scrub.js';
import { estimateSize, nodeOwnBytes } from './queue.js';

export const PRIVACY_BALANCED = 'balanced';
export const PRIVACY_STRICT = 'strict';

const MASK_SELECTOR = '[data-replay-mask],.rl-mask';
// the class rl-block is rrweb's blockClass (a class test, cheaper than a selector rrweb matches
// against every changed node and, for additions, its ancestors)
const BLOCK_SELECTOR = '[data-replay-block]';
const UNMASK_SELECTOR = '[data-replay-unmask]';
const MEDIA_SELECTOR = ['img', 'video', 'audio', 'picture', 'canvas', 'svg', 'iframe', 'object', 'embed']
  .map((t) => `${t}:not(${UNMASK_SELECTOR})`)
  .join(',');
const STRICT_ATTRIBUTES = ['placeholder', 'title', 'aria-label', 'alt', 'aria-description', 'aria-valuetext'];
const URL_ATTRIBUTES = ['href', 'src', 'action'];
// Typed into, so masked like an input: text of a contenteditable element.
const EDITABLE = '[contenteditable]:not([contenteditable="false"])';
// A `value` attribute may hold anything (an option's or a button's value, a token); only these
// elements draw a number from it, which is kept.
const NUMERIC_VALUE = { li: 1, meter: 1, progress: 1 };
// In data-* attributes: e-mail addresses, and token-like runs (16+ word characters, '+', '=' or
// '-' with at least two digits and two letters). replay-service masks the same (SensitiveAttributes).
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi;
const TOKEN = /[\w+=-]{16,}/g;

// Every input kind rrweb knows plus `input` itself (all types, hidden included) and the tags.
const MASK_INPUTS = {
  input: true,
  textarea: true,
  select: true,
  password: true,
  hidden: true,
  email: true,
  text: true,
  search: true,
  tel: true,
  url: true,
  number: true,
};

function maskText(text) {
  return text.replace(/\S/g, '*');
}

const closest = (el, selector) => !!(el && el.closest && el.closest(selector));
// a select's options are what the visitor chose from: their text is masked like the select's value
const inSelect = (el) => closest(el, 'select,option');

function isUnmasked(el) {
  try {
    return !!(el && el.closest && el.closest(UNMASK_SELECTOR));
  } catch (e) {
    return false;
  }
}

/** rrweb `record()` options for a privacy mode. Inputs are masked in every mode. */
export function recordOptions(privacy) {
  const strict = privacy === PRIVACY_STRICT;
  return {
    maskAllInputs: false,
    maskInputOptions: MASK_INPUTS,
    // passwords: a fixed-length mask so not even the length leaves the browser
    maskInputFn: (text, el) => (el && String(el.type).toLowerCase() === 'password' ? '********' : '*'.repeat(Math.min(text.length, 64))),
    maskTextSelector: strict ? '*' : `${MASK_SELECTOR},option,${EDITABLE}`,
    maskTextFn: (text, el) => (strict && isUnmasked(el) && !inSelect(el) && !closest(el, EDITABLE) ? text : maskText(text)),
    blockClass: 'rl-block',
    blockSelector: strict ? `${BLOCK_SELECTOR},${MEDIA_SELECTOR}` : BLOCK_SELECTOR,
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
  };
}

const maskSecrets = (v) => v.replace(EMAIL, maskText).replace(TOKEN, (t) => (/\d.*\d/.test(t) && /[a-z].*[a-z]/i.test(t) ? maskText(t) : t));

// `tag` is unknown (undefined) for attribute mutations: then every `value` is masked.
function cleanAttributes(attrs, strict, names, tag) {
  if (!attrs) return;
  for (const a in attrs) {
    const v = attrs[a];
    if (typeof v !== 'string' || !v) continue;
    if (a === 'value') {
      if (!NUMERIC_VALUE[tag] || !/^[\d.+-]*$/.test(v)) attrs[a] = maskText(v);
    } else if (a.slice(0, 5) === 'data-') attrs[a] = maskSecrets(v);
    else if (URL_ATTRIBUTES.indexOf(a) >= 0) attrs[a] = scrubUrl(v, names);
    else if (strict && STRICT_ATTRIBUTES.indexOf(a) >= 0) attrs[a] = maskText(v);
  }
}

// Returns the node's estimated JSON length (with its descendants), measured on the same walk.
function cleanNode(node, strict, names, unmasked) {
  if (!node || typeof node !== 'object') return 6;
  if (node.type === 2 && node.attributes) {
    const allow = unmasked || Object.prototype.hasOwnProperty.call(node.attributes, 'data-replay-unmask');
    cleanAttributes(node.attributes, strict && !allow, names, node.tagName);
    unmasked = allow;
  }
  let bytes = nodeOwnBytes(node);
  if (Array.isArray(node.childNodes)) for (const c of node.childNodes) bytes += cleanNode(c, strict, names, unmasked);
  return bytes;
}

/**
 * Cleans an rrweb event in place before it leaves the recorder: scrubs secret query parameters
 * from the page URL and from href/src/action attributes and, in strict mode, masks descriptive
 * attributes (placeholder, title, aria-label, alt) outside `data-replay-unmask` subtrees.
 * Returns the event's estimated JSON length (as queue.js `estimateSize`), measured on the same walk.
 */
export function cleanAndMeasure(event, strict, names) {
  if (!event || typeof event !== 'object') return -1;
  const d = event.data;
  if (!d) return estimateSize(event);
  let tree;
  if (event.type === 4 && typeof d.href === 'string') d.href = scrubUrl(d.href, names);
  if (event.type === 2) tree = cleanNode(d.node, strict, names, false);
  if (event.type === 3 && d.source === 0) {
    tree = 0;
    if (Array.isArray(d.adds)) for (const a of d.adds) tree += 40 + cleanNode(a.node, strict, names, false);
    if (Array.isArray(d.attributes)) for (const a of d.attributes) cleanAttributes(a.attributes, strict, names);
  }
  return estimateSize(event, tree);
}

/** `cleanAndMeasure` returning the event. */
export function cleanEvent(event, strict, names) {
  cleanAndMeasure(event, strict, names);
  return event;
}
