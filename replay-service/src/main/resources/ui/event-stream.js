// The event stream beside the player: entries built from the loaded rrweb events (custom events and
// clicks) merged with the session's markers from the API (backend errors, and moments outside the
// loaded part of the recording). Everything is rendered as text, never as HTML.
import { clock, el } from './api.js';

const INCREMENTAL = 3;
const META = 4;
const CUSTOM = 5;
const SOURCE_MOUSE_INTERACTION = 2;
const INTERACTION_CLICK = 2;
const PROBLEMS = new Set(['error', 'backend-error', 'rage-click', 'dead-click', 'error-click', 'mouse-thrash']);
// kinds the recording itself carries; their API markers are duplicates inside the loaded range
const FROM_EVENTS = new Set(['error', 'console', 'network', 'navigation', 'rage-click', 'dead-click', 'error-click', 'mouse-thrash',
  'track', 'recording-paused', 'recording-resumed']);

/** Which filter checkbox an entry kind belongs to. */
export function groupOf(kind) {
  if (kind === 'navigation') return 'navigation';
  if (kind === 'click') return 'click';
  if (kind === 'network') return 'network';
  if (kind === 'console') return 'console';
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
    case 'network': {
      const status = Number(p.status);
      const failed = status === 0 || status >= 500;
      const text = `${p.method || 'GET'} ${shortUrl(p.url)} → ${status === 0 ? 'failed' : status}`
        + (Number.isFinite(Number(p.durationMs)) ? ` · ${Math.round(Number(p.durationMs))} ms` : '');
      return { kind: 'network', label: text, title: p.url, traceId: p.traceId, severity: failed ? 'bad' : status >= 400 ? 'warn' : '' };
    }
    case 'error':
      return { kind: 'error', label: [p.type, p.message].filter(Boolean).join(': ') || 'error', severity: 'bad' };
    case 'console':
      return { kind: 'console', label: `${p.level || 'log'}: ${p.message ?? ''}`, severity: p.level === 'error' || p.level === 'assert' ? 'bad' : p.level === 'warn' ? 'warn' : '' };
    case 'navigation':
      return { kind: 'navigation', label: shortUrl(p.url), title: p.url };
    case 'rage-click': case 'dead-click': case 'error-click': case 'mouse-thrash':
      return { kind: tag, label: p.selector || `at ${p.x}, ${p.y}`, severity: 'bad' };
    case 'track':
      return { kind: 'track', label: p.name || 'track' };
    case 'identify':
      return { kind: 'identify', label: `user ${p.userId ?? ''}` };
    case 'recording-paused': case 'recording-resumed':
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
    if (e.type === CUSTOM) {
      if (e.data && e.data.tag === 'navigation' && e.data.payload && e.data.payload.url === lastHref) continue;
      const entry = fromCustom(e);
      if (entry) entries.push({ ...entry, ts: e.timestamp });
    } else if (e.type === INCREMENTAL && e.data && e.data.source === SOURCE_MOUSE_INTERACTION && e.data.type === INTERACTION_CLICK) {
      entries.push({ kind: 'click', ts: e.timestamp, label: `click at ${Math.round(e.data.x ?? 0)}, ${Math.round(e.data.y ?? 0)}`, nodeId: e.data.id });
    } else if (e.type === META && e.data && e.data.href && e.data.href !== lastHref) {
      entries.push({ kind: 'navigation', ts: e.timestamp, label: (lastHref ? '' : 'page loaded: ') + shortUrl(e.data.href), title: e.data.href });
      lastHref = e.data.href;
    }
    if (e.type === CUSTOM && e.data && e.data.tag === 'navigation' && e.data.payload) lastHref = e.data.payload.url;
  }
  for (const m of markers) {
    const inside = m.timestamp >= startTs && m.timestamp <= endTs;
    if (inside && FROM_EVENTS.has(m.kind)) continue;
    entries.push({ kind: m.kind, ts: m.timestamp, label: m.label || m.kind, traceId: m.traceId, traceUrl: m.traceUrl, link: m.link,
      severity: PROBLEMS.has(m.kind) || m.kind === 'network' ? 'bad' : '' });
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

/**
 * Renders the entries into the list; {@code onSeek(ts, item)} runs on a click. Returns the rendered
 * items (same order as entries) for highlighting.
 */
export function renderStream(list, entries, { onSeek, traceUrlTemplate }) {
  list.replaceChildren();
  if (entries.length === 0) {
    list.append(el('li', { class: 'muted' }, 'No events in this part of the recording.'));
    return [];
  }
  return entries.map((entry) => {
    const item = el('li', { class: `${entry.kind} ${entry.severity || ''}`.trim(), dataset: { ts: String(entry.ts), kind: entry.kind, group: groupOf(entry.kind) } });
    if (entry.nodeId != null) item.dataset.nodeId = String(entry.nodeId);
    item.append(el('button', { type: 'button', title: entry.title || entry.label, onclick: () => onSeek(entry.ts, item) },
      el('span', { class: 'kind' }, entry.kind), el('span', { class: 'time' }, clock(entry.ts).slice(11)),
      el('span', { class: 'label' }, entry.label)));
    const trace = traceLink(entry, traceUrlTemplate);
    if (trace) item.append(trace);
    if (entry.link && /^https?:\/\//.test(entry.link)) {
      item.append(' ', el('a', { href: entry.link, target: '_blank', rel: 'noopener noreferrer', class: 'external' }, 'open'));
    }
    list.append(item);
    return item;
  });
}

/** Marks the last entry at or before ts as current; returns it (or null). */
export function highlight(items, ts, scroll) {
  let current = null;
  for (const item of items) {
    if (Number(item.dataset.ts) <= ts && !item.hidden) current = item;
    else if (Number(item.dataset.ts) > ts) break;
  }
  for (const item of items) {
    if (item !== current && item.classList.contains('current')) {
      item.classList.remove('current');
      item.removeAttribute('aria-current');
    }
  }
  if (current && !current.classList.contains('current')) {
    current.classList.add('current');
    current.setAttribute('aria-current', 'true');
    if (scroll) current.scrollIntoView({ block: 'nearest' });
  }
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
