// Session list: filtered by trace ID, user, URL, errors, frustration, duration, pages visited and time
// range, sorted by start, duration, errors, frustration signals or pages, either way; rows open the
// replay. The page URL keeps the filters, so a search can
// be bookmarked and shared.
import { api, clock, el } from './api.js';

const DAY_MS = 86_400_000;
const form = document.getElementById('filters');
const tbody = document.querySelector('#results tbody');
const more = document.getElementById('more');
const message = document.getElementById('message');
const value = (id) => document.getElementById(id).value.trim();
let cursor = null;

/** The page's query (what the form shows) from the form. */
function fromInputs() {
  const p = new URLSearchParams();
  if (value('f-trace')) p.set('traceId', value('f-trace'));
  if (value('f-user')) p.set('userId', value('f-user'));
  if (value('f-url')) p.set('urlContains', value('f-url'));
  if (value('f-min-errors')) p.set('minErrors', value('f-min-errors'));
  if (document.getElementById('f-errors').checked) p.set('hasError', 'true');
  if (value('f-frustration')) p.set('hasFrustration', value('f-frustration'));
  if (value('f-min-duration')) p.set('minDuration', value('f-min-duration'));
  if (value('f-min-pages')) p.set('minPages', value('f-min-pages'));
  if (value('f-range')) p.set('range', value('f-range'));
  if (value('f-range') === 'custom' || !value('f-range')) {
    if (value('f-from')) p.set('from', String(new Date(value('f-from')).getTime()));
    if (value('f-to')) p.set('to', String(new Date(value('f-to')).getTime()));
  }
  if (value('f-sort') && value('f-sort') !== 'startedAt') p.set('sort', value('f-sort'));
  if (value('f-order') === 'asc') p.set('order', 'asc');
  return p;
}

function localInput(ms) {
  const d = new Date(Number(ms) - new Date(Number(ms)).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function toInputs(p) {
  document.getElementById('f-trace').value = p.get('traceId') || '';
  document.getElementById('f-user').value = p.get('userId') || '';
  document.getElementById('f-url').value = p.get('urlContains') || '';
  document.getElementById('f-min-errors').value = p.get('minErrors') || '';
  document.getElementById('f-errors').checked = p.get('hasError') === 'true';
  document.getElementById('f-frustration').value = p.get('hasFrustration') || '';
  document.getElementById('f-min-duration').value = p.get('minDuration') || '';
  document.getElementById('f-min-pages').value = p.get('minPages') || '';
  document.getElementById('f-range').value = p.get('range') || (p.get('from') || p.get('to') ? 'custom' : '');
  document.getElementById('f-from').value = /^\d+$/.test(p.get('from') || '') ? localInput(p.get('from')) : '';
  document.getElementById('f-to').value = /^\d+$/.test(p.get('to') || '') ? localInput(p.get('to')) : '';
  document.getElementById('f-sort').value = p.get('sort') || 'startedAt';
  document.getElementById('f-order').value = p.get('order') === 'asc' ? 'asc' : 'desc';
  showCustomRange();
}

function showCustomRange() {
  const custom = value('f-range') === 'custom';
  document.querySelectorAll('.custom-range').forEach((n) => { n.hidden = !custom; });
}

/** The API query for the page's query: presets become from, seconds become milliseconds. */
function apiQuery(p) {
  const q = new URLSearchParams();
  for (const key of ['traceId', 'userId', 'urlContains', 'minErrors', 'hasError', 'hasFrustration', 'minPages', 'sort', 'order', 'from', 'to']) {
    if (p.get(key)) q.set(key, p.get(key));
  }
  const preset = /^(\d+)d$/.exec(p.get('range') || '');
  if (preset) {
    q.set('from', String(Date.now() - Number(preset[1]) * DAY_MS));
    q.delete('to');
  }
  if (/^\d+$/.test(p.get('minDuration') || '')) q.set('minDurationMs', String(Number(p.get('minDuration')) * 1000));
  return q;
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

function row(s) {
  const href = s.matches && s.matches.length ? new URL(s.matches[0].replayUrl).pathname + new URL(s.matches[0].replayUrl).search
    : `/replay/${encodeURIComponent(s.sessionId)}`;
  const breakdown = `rage clicks ${s.rageClickCount} · dead clicks ${s.deadClickCount} · error clicks ${s.errorClickCount}`
    + ` · mouse thrash ${s.mouseThrashCount}`;
  return el('tr', { dataset: { sessionId: s.sessionId } },
    el('td', { dataset: { col: 'started' } }, clock(s.startedAt).slice(0, 19)),
    el('td', { class: 'num', dataset: { col: 'duration' } }, duration(s.durationMs)),
    el('td', { dataset: { col: 'user' } }, s.userId || '–'),
    el('td', { class: 'url', title: s.entryUrl || '', dataset: { col: 'entry' } }, s.entryUrl || '–'),
    el('td', { class: 'num', dataset: { col: 'pages' } }, s.pagesVisited),
    el('td', { class: s.errorCount ? 'num error' : 'num', dataset: { col: 'errors' } }, s.errorCount),
    el('td', { class: 'num', title: breakdown, dataset: { col: 'frustration' } }, s.frustrationCount),
    el('td', { class: 'num', dataset: { col: 'events' } }, s.eventCount),
    el('td', {}, el('a', { href, class: 'open-replay' }, s.matches && s.matches.length ? 'Replay at trace' : 'Replay')));
}

function markSort(sort, order) {
  document.querySelectorAll('#results th button.sort').forEach((b) => {
    if (b.dataset.sort === sort) b.setAttribute('aria-sort', order === 'asc' ? 'ascending' : 'descending');
    else b.removeAttribute('aria-sort');
  });
}

async function load(reset) {
  const page = new URLSearchParams(location.search);
  const q = apiQuery(page);
  if (!reset && cursor) q.set('cursor', cursor);
  q.set('limit', '50');
  markSort(page.get('sort') || 'startedAt', page.get('order'));
  try {
    const result = await api('/api/v1/sessions?' + q.toString());
    if (reset) tbody.replaceChildren();
    result.sessions.forEach((s) => tbody.append(row(s)));
    cursor = result.nextCursor;
    more.hidden = !cursor;
    message.textContent = tbody.children.length ? '' : 'No sessions match. Recordings appear here a few seconds after a page with the recorder is visited.';
  } catch (e) {
    message.textContent = e.message;
  }
  document.body.dataset.loaded = String(Date.now());
}

function search() {
  history.replaceState(null, '', '/sessions?' + fromInputs().toString());
  cursor = null;
  load(true);
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  search();
});
document.getElementById('f-range').addEventListener('change', showCustomRange);
// a column header sorts by that column, largest first; a second click on it turns the order around
document.querySelectorAll('#results th button.sort').forEach((b) => b.addEventListener('click', () => {
  const order = document.getElementById('f-order');
  order.value = value('f-sort') === b.dataset.sort && order.value === 'desc' ? 'asc' : 'desc';
  document.getElementById('f-sort').value = b.dataset.sort;
  search();
}));
more.addEventListener('click', () => load(false));
toInputs(new URLSearchParams(location.search));
load(true);
