// The Audit page: the access audit from GET /api/v1/audit, newest first, with filters and paging.
import { api, clock, el } from './api.js';

const form = document.getElementById('audit-filters');
const body = document.querySelector('#audit-entries tbody');
const more = document.getElementById('audit-more');
const error = document.getElementById('audit-error');
let cursor = null;

function query() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) {
    if (v) params.set(k, v);
  }
  if (cursor) params.set('cursor', cursor);
  return '/api/v1/audit?' + params;
}

async function load(append) {
  error.hidden = true;
  try {
    const page = await api(query());
    if (!append) body.replaceChildren();
    for (const e of page.entries) {
      const session = e.sessionId ? el('a', { href: '/replay/' + encodeURIComponent(e.sessionId) }, e.sessionId) : '';
      body.append(el('tr', { class: 'audit-entry' }, el('td', {}, clock(e.at)), el('td', {}, e.user), el('td', {}, e.action),
        el('td', {}, e.project || ''), el('td', {}, session), el('td', {}, e.userId || ''), el('td', {}, e.client)));
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  cursor = null;
  load(false);
});
more.addEventListener('click', () => load(true));
load(false);
