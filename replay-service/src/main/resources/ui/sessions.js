// Session list: newest first, filtered by trace ID, user, errors and time range; rows open the replay.
import { api, clock, el } from './api.js';

const form = document.getElementById('filters');
const tbody = document.querySelector('#results tbody');
const more = document.getElementById('more');
const message = document.getElementById('message');
let cursor = null;

function fromInputs() {
  const p = new URLSearchParams();
  const v = (id) => document.getElementById(id).value.trim();
  if (v('f-trace')) p.set('traceId', v('f-trace'));
  if (v('f-user')) p.set('userId', v('f-user'));
  if (document.getElementById('f-errors').checked) p.set('hasError', 'true');
  if (v('f-from')) p.set('from', String(new Date(v('f-from')).getTime()));
  if (v('f-to')) p.set('to', String(new Date(v('f-to')).getTime()));
  return p;
}

function toInputs(p) {
  document.getElementById('f-trace').value = p.get('traceId') || '';
  document.getElementById('f-user').value = p.get('userId') || '';
  document.getElementById('f-errors').checked = p.get('hasError') === 'true';
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

function row(s) {
  const href = s.matches && s.matches.length ? new URL(s.matches[0].replayUrl).pathname + new URL(s.matches[0].replayUrl).search
    : `/replay/${encodeURIComponent(s.sessionId)}`;
  return el('tr', { dataset: { sessionId: s.sessionId } },
    el('td', {}, clock(s.startedAt)), el('td', {}, duration(s.durationMs)), el('td', {}, s.userId || '–'),
    el('td', { class: 'url', title: s.entryUrl || '' }, s.entryUrl || '–'), el('td', {}, s.eventCount),
    el('td', { class: s.errorCount ? 'error' : '' }, s.errorCount), el('td', {}, s.rageClickCount), el('td', {}, s.deadClickCount),
    el('td', {}, el('a', { href, class: 'open-replay' }, s.matches && s.matches.length ? 'Replay at trace' : 'Replay')));
}

async function load(reset) {
  const p = new URLSearchParams(location.search);
  if (!reset && cursor) p.set('cursor', cursor);
  p.set('limit', '50');
  try {
    const page = await api('/api/v1/sessions?' + p.toString());
    if (reset) tbody.replaceChildren();
    page.sessions.forEach((s) => tbody.append(row(s)));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    message.textContent = tbody.children.length ? '' : 'No sessions match. Recordings appear here a few seconds after a page with the recorder is visited.';
  } catch (e) {
    message.textContent = e.message;
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  history.replaceState(null, '', '/sessions?' + fromInputs().toString());
  cursor = null;
  load(true);
});
more.addEventListener('click', () => load(false));
toInputs(new URLSearchParams(location.search));
load(true);
