// Insights: the errors, failing endpoints and frustrating elements that affected the most sessions in
// a period, each with a daily trend and a link to the replay at its latest occurrence.
import { api, clock, el } from './api.js';

const DAY_MS = 86_400_000;
const message = document.getElementById('message');
const value = (id) => document.getElementById(id).value.trim();

function localInput(ms) {
  return new Date(Number(ms) - new Date(Number(ms)).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function showCustomRange() {
  const custom = value('f-range') === 'custom';
  document.querySelectorAll('.custom-range').forEach((n) => { n.hidden = !custom; });
}

/** from/to (epoch ms) for the page's query: a preset (default 7 days) or a custom range. */
function period(p) {
  if (/^\d+$/.test(p.get('from') || '')) {
    return { from: Number(p.get('from')), to: /^\d+$/.test(p.get('to') || '') ? Number(p.get('to')) : Date.now() };
  }
  const days = Number((/^(\d+)d$/.exec(p.get('range') || '') || [0, 7])[1]);
  const to = Date.now();
  return { from: to - days * DAY_MS, to };
}

function sparkline(trend) {
  const max = Math.max(1, ...trend.map((d) => d.count));
  const box = el('span', { class: 'spark', title: trend.map((d) => `${d.day}: ${d.count}`).join('\n'), role: 'img',
    'aria-label': `daily occurrences, up to ${max} a day` });
  for (const d of trend) {
    const bar = el('span', { class: d.count ? '' : 'zero', dataset: { day: d.day, count: String(d.count) } });
    bar.style.height = `${Math.max(1, Math.round((d.count / max) * 22))}px`;
    box.append(bar);
  }
  return box;
}

function localLink(url) {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return null;
  }
}

function row(g) {
  const what = el('td', { class: 'what' }, el('span', { class: 'key' }, g.key));
  if (g.kind === 'rage-click' || g.kind === 'dead-click') what.prepend(el('span', { class: 'kind small muted' }, g.kind + ' '));
  if (g.page) what.append(el('span', { class: 'page', title: g.page }, 'on ' + g.page));
  const href = g.replayUrl && localLink(g.replayUrl);
  return el('tr', { dataset: { key: g.key, kind: g.kind, sessions: String(g.sessions), users: String(g.users), occurrences: String(g.occurrences),
    lastSeen: String(g.lastSeen), page: g.page || '' } },
    what, el('td', { class: 'num' }, g.sessions), el('td', { class: 'num' }, g.users), el('td', { class: 'num' }, g.occurrences),
    el('td', {}, sparkline(g.trend)),
    el('td', {}, href ? el('a', { href, class: 'open-replay', title: 'Replay at the latest occurrence' }, clock(g.lastSeen).slice(5, 16)) : '–'));
}

async function load() {
  const p = new URLSearchParams(location.search);
  const { from, to } = period(p);
  document.getElementById('range-text').textContent = `${clock(from).slice(0, 16)} – ${clock(to).slice(0, 16)}`;
  try {
    const body = await api(`/api/v1/insights?from=${from}&to=${to}`);
    for (const panel of document.querySelectorAll('section[data-field]')) {
      const groups = body[panel.dataset.field] || [];
      const tbody = panel.querySelector('tbody');
      tbody.replaceChildren(...groups.map(row));
      if (groups.length === 0) tbody.append(el('tr', { class: 'empty' }, el('td', { colspan: '6', class: 'muted' }, 'Nothing in this period.')));
    }
    message.textContent = '';
    document.body.dataset.state = 'ready';
  } catch (e) {
    message.textContent = e.message;
    document.body.dataset.state = 'failed';
  }
}

document.getElementById('range-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const p = new URLSearchParams();
  p.set('range', value('f-range'));
  if (value('f-range') === 'custom') {
    if (value('f-from')) p.set('from', String(new Date(value('f-from')).getTime()));
    if (value('f-to')) p.set('to', String(new Date(value('f-to')).getTime()));
  }
  history.replaceState(null, '', '/insights?' + p.toString());
  load();
});
document.getElementById('f-range').addEventListener('change', showCustomRange);
const initial = new URLSearchParams(location.search);
document.getElementById('f-range').value = initial.get('range') || (initial.get('from') ? 'custom' : '7d');
if (/^\d+$/.test(initial.get('from') || '')) document.getElementById('f-from').value = localInput(initial.get('from'));
if (/^\d+$/.test(initial.get('to') || '')) document.getElementById('f-to').value = localInput(initial.get('to'));
showCustomRange();
load();
