// The event stream beside the player: entries built from the loaded rrweb events (custom events and
// clicks) merged with the session's markers from the API (backend errors, and moments outside the
// loaded part of the recording). Everything is rendered as text, never as HTML.
import { clock, el } from './api.js';
import {
  KIND_BACKEND_ERROR, KIND_CONSOLE, KIND_DEAD_CLICK, KIND_ERROR, KIND_ERROR_CLICK, KIND_FRUSTRATION, KIND_IDENTIFY, KIND_MOUSE_THRASH,
  KIND_NAVIGATION, KIND_NETWORK, KIND_RAGE_CLICK, KIND_RECORDING_PAUSED, KIND_RECORDING_RESUMED, KIND_TRACK,
} from './protocol.js';
import { EventType, IncrementalSource, MouseInteraction } from './rrweb.js';

// a click of the recording itself: an entry kind of the stream, not a marker kind
const CLICK = 'click';
const PROBLEMS = new Set([KIND_ERROR, KIND_BACKEND_ERROR, ...KIND_FRUSTRATION]);
// kinds the recording itself carries; their API markers are duplicates inside the loaded range
const FROM_EVENTS = new Set([KIND_ERROR, KIND_CONSOLE, KIND_NETWORK, KIND_NAVIGATION, ...KIND_FRUSTRATION, KIND_TRACK,
  KIND_RECORDING_PAUSED, KIND_RECORDING_RESUMED]);

/** Which filter checkbox an entry kind belongs to. */
export function groupOf(kind) {
  if (kind === KIND_NAVIGATION) return 'navigation';
  if (kind === CLICK) return 'click';
  if (kind === KIND_NETWORK) return 'network';
  if (kind === KIND_CONSOLE) return 'console';
  if (PROBLEMS.has(kind)) return 'problem';
  return 'other';
}

function shortUrl(url) {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return String(url ?? '');
  }
}

function fromCustom(e) {
  const tag = e.data && e.data.tag;
  const p = (e.data && e.data.payload) || {};
  switch (tag) {
    case KIND_NETWORK: {
      const status = Number(p.status);
      const failed = status === 0 || status >= 500;
      const text = `${p.method || 'GET'} ${shortUrl(p.url)} → ${status === 0 ? 'failed' : status}`
        + (Number.isFinite(Number(p.durationMs)) ? ` · ${Math.round(Number(p.durationMs))} ms` : '');
      return { kind: KIND_NETWORK, label: text, title: p.url, traceId: p.traceId, request: p, severity: failed ? 'bad' : status >= 400 ? 'warn' : '' };
    }
    case KIND_ERROR:
      return { kind: KIND_ERROR, label: [p.type, p.message].filter(Boolean).join(': ') || 'error', severity: 'bad' };
    case KIND_CONSOLE:
      return { kind: KIND_CONSOLE, label: `${p.level || 'log'}: ${p.message ?? ''}`, severity: p.level === 'error' || p.level === 'assert' ? 'bad' : p.level === 'warn' ? 'warn' : '' };
    case KIND_NAVIGATION:
      return { kind: KIND_NAVIGATION, label: shortUrl(p.url), title: p.url };
    case KIND_RAGE_CLICK: case KIND_DEAD_CLICK: case KIND_ERROR_CLICK: case KIND_MOUSE_THRASH:
      return { kind: tag, label: p.selector || `at ${p.x}, ${p.y}`, severity: 'bad' };
    case KIND_TRACK:
      return { kind: KIND_TRACK, label: p.name || 'track' };
    case KIND_IDENTIFY:
      return { kind: KIND_IDENTIFY, label: `user ${p.userId ?? ''}` };
    case KIND_RECORDING_PAUSED: case KIND_RECORDING_RESUMED:
      return { kind: tag, label: p.reason || tag };
    default:
      return null;
  }
}

/** Stream entries in time order from the loaded events and the API markers. */
export function buildEntries(events, markers, startTs, endTs) {
  const entries = [];
  let lastHref = null;
  for (const e of events) {
    if (e.type === EventType.CUSTOM) {
      if (e.data && e.data.tag === KIND_NAVIGATION && e.data.payload && e.data.payload.url === lastHref) continue;
      const entry = fromCustom(e);
      if (entry) entries.push({ ...entry, ts: e.timestamp });
    } else if (e.type === EventType.INCREMENTAL_SNAPSHOT && e.data && e.data.source === IncrementalSource.MOUSE_INTERACTION
      && e.data.type === MouseInteraction.CLICK) {
      entries.push({ kind: CLICK, ts: e.timestamp, label: `click at ${Math.round(e.data.x ?? 0)}, ${Math.round(e.data.y ?? 0)}`, nodeId: e.data.id });
    } else if (e.type === EventType.META && e.data && e.data.href && e.data.href !== lastHref) {
      entries.push({ kind: KIND_NAVIGATION, ts: e.timestamp, label: (lastHref ? '' : 'page loaded: ') + shortUrl(e.data.href), title: e.data.href });
      lastHref = e.data.href;
    }
    if (e.type === EventType.CUSTOM && e.data && e.data.tag === KIND_NAVIGATION && e.data.payload) lastHref = e.data.payload.url;
  }
  for (const m of markers) {
    const inside = m.timestamp >= startTs && m.timestamp <= endTs;
    if (inside && FROM_EVENTS.has(m.kind)) continue;
    entries.push({ kind: m.kind, ts: m.timestamp, label: m.label || m.kind, traceId: m.traceId, traceUrl: m.traceUrl, link: m.link,
      severity: PROBLEMS.has(m.kind) || m.kind === KIND_NETWORK ? 'bad' : '' });
  }
  entries.sort((a, b) => a.ts - b.ts);
  return entries;
}

function traceLink(entry, template) {
  const url = entry.traceUrl || (template && entry.traceId ? template.replace('{traceId}', entry.traceId) : null);
  if (!entry.traceId) return null;
  return url && /^https?:\/\//.test(url)
    ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'trace', title: 'Open trace ' + entry.traceId }, 'trace ' + entry.traceId.slice(0, 8))
    : el('span', { class: 'muted small trace', title: 'Set replaylink.trace-url-template to link trace IDs' }, 'trace ' + entry.traceId);
}

// Entries are grouped in blocks of this many, each a list the browser may skip styling and laying
// out while it is scrolled out of view (content-visibility); a long session has thousands of entries.
const BLOCK_SIZE = 64;
// height of one entry before it has been laid out (a kind line and a label line)
const ENTRY_HEIGHT_PX = 53;

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
}

/** Whether selecting the entry opens the Trace panel: network requests and backend errors with a trace or request detail. */
export function opensPanel(entry) {
  return (entry.kind === KIND_NETWORK || entry.kind === KIND_BACKEND_ERROR) && !!(entry.traceId || entry.request);
}

/**
 * Renders the entries into the container, as lists of up to BLOCK_SIZE items; {@code onSeek(ts, item)}
 * runs on a click on an entry, and {@code onSelect(entry, button)} too for an entry that opens the
 * Trace panel ({@link opensPanel}). Returns the rendered items (same order as entries) for highlighting.
 */
export function renderStream(container, entries, { onSeek, onSelect, traceUrlTemplate }) {
  container.replaceChildren();
  if (entries.length === 0) {
    container.append(el('ul', { class: 'stream-block' }, el('li', { class: 'muted' }, 'No events in this part of the recording.')));
    return [];
  }
  const items = new Array(entries.length);
  const blocks = document.createDocumentFragment();
  let block = null;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (i % BLOCK_SIZE === 0) {
      block = document.createElement('ul');
      block.className = 'stream-block';
      block.style.containIntrinsicSize = `auto ${Math.min(BLOCK_SIZE, entries.length - i) * ENTRY_HEIGHT_PX}px`;
      blocks.append(block);
    }
    const item = document.createElement('li');
    item.className = `${entry.kind} ${entry.severity || ''}`.trim();
    item.dataset.ts = String(entry.ts);
    item.dataset.kind = entry.kind;
    item.dataset.group = groupOf(entry.kind);
    item.dataset.index = String(i);
    if (entry.nodeId != null) item.dataset.nodeId = String(entry.nodeId);
    const button = document.createElement('button');
    button.type = 'button';
    button.title = entry.title || entry.label;
    button.append(span('kind', entry.kind), span('time', clock(entry.ts).slice(11)), span('label', entry.label));
    item.append(button);
    if (opensPanel(entry)) {
      button.setAttribute('aria-controls', 'trace-panel');
      item.classList.add('has-trace');
      if (entry.traceId) item.dataset.traceId = String(entry.traceId);
      item.append(el('button', { type: 'button', class: 'trace-open', 'aria-controls': 'trace-panel',
        title: entry.traceId ? 'Show the trace of this request: browser and backend spans' : 'Show the recorded request detail' },
      entry.traceId ? 'Trace ›' : 'Request ›'));
    }
    const trace = traceLink(entry, traceUrlTemplate);
    if (trace) item.append(trace);
    if (entry.link && /^https?:\/\//.test(entry.link)) {
      item.append(' ', el('a', { href: entry.link, target: '_blank', rel: 'noopener noreferrer', class: 'external' }, 'open'));
    }
    block.append(item);
    items[i] = item;
  }
  container.append(blocks);
  // one listener for all entries: a click on an entry's button seeks to it
  container.onclick = (ev) => {
    const button = ev.target instanceof Element ? ev.target.closest('button') : null;
    const item = button && button.parentElement;
    if (item && item.dataset.ts != null && container.contains(item)) {
      onSeek(Number(item.dataset.ts), item);
      const entry = entries[Number(item.dataset.index)];
      if (onSelect && entry && opensPanel(entry)) onSelect(entry, button);
    }
  };
  return items;
}

// per rendered items array: their timestamps (for a binary search) and the item marked current
const highlights = new WeakMap();

/** Marks the last visible entry at or before ts as current; returns it (or null). */
export function highlight(items, ts, scroll) {
  let state = highlights.get(items);
  if (!state) {
    state = { times: Float64Array.from(items, (item) => Number(item.dataset.ts)), current: null };
    highlights.set(items, state);
  }
  const { times } = state;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= ts) lo = mid + 1;
    else hi = mid;
  }
  let i = lo - 1;
  while (i >= 0 && items[i].hidden) i--;
  const current = i >= 0 ? items[i] : null;
  if (state.current && state.current !== current) {
    state.current.classList.remove('current');
    state.current.removeAttribute('aria-current');
  }
  if (current && !current.classList.contains('current')) {
    current.classList.add('current');
    current.setAttribute('aria-current', 'true');
    if (scroll) current.scrollIntoView({ block: 'nearest' });
  }
  state.current = current;
  return current;
}

/** Wires the filter checkboxes: unchecked groups are hidden from the list. */
export function wireFilter(box, list) {
  const apply = () => {
    const hidden = new Set([...box.querySelectorAll('input[data-group]')].filter((i) => !i.checked).map((i) => i.dataset.group));
    list.querySelectorAll('li[data-group]').forEach((li) => { li.hidden = hidden.has(li.dataset.group); });
  };
  box.addEventListener('change', apply);
  return apply;
}

/** Names clicked elements once the replay's DOM exists ({@code describe(nodeId)} returns text or null). */
export function relabelClicks(items, describe) {
  for (const item of items) {
    if (item.dataset.nodeId == null || item.dataset.named) continue;
    const name = describe(Number(item.dataset.nodeId));
    if (name) {
      item.querySelector('.label').textContent = 'click on ' + name;
      item.dataset.named = 'true';
    }
  }
}
