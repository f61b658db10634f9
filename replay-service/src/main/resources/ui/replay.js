// Replay page: loads the session's events from the last full snapshot before ?t=, opens the player
// a few seconds before that moment (paused), and lists markers that seek on click.
// Recorded content is only ever rendered by the sandboxed replayer iframe; everything placed into
// this page is text (textContent), never HTML.
import { api, ApiError, clock, el } from './api.js';

const LEAD_MS = 3000;
const REFRESH_MS = 5000;
const sessionId = decodeURIComponent(location.pathname.split('/')[2] || '');
const params = new URLSearchParams(location.search);
const requested = params.has('t') && /^\d+$/.test(params.get('t')) ? Number(params.get('t')) : null;

const notice = document.getElementById('notice');
const clockEl = document.getElementById('clock');
let player = null;
let startTs = 0;
let endTs = 0;

function showNotice(text) {
  notice.textContent = text;
  notice.hidden = false;
}

function refreshSoon() {
  setTimeout(() => location.reload(), REFRESH_MS);
}

function currentTs() {
  return startTs + player.getReplayer().getCurrentTime();
}

function seek(ts) {
  if (!player) return;
  if (ts < startTs) {
    // Before the loaded snapshot: reload from the checkout before that moment.
    location.href = `/replay/${encodeURIComponent(sessionId)}?t=${ts}`;
    return;
  }
  player.goto(Math.max(0, Math.min(ts, endTs) - startTs), false);
  updateClock();
}

function updateClock() {
  if (!player) return;
  const ts = Math.round(currentTs());
  clockEl.textContent = clock(ts);
  clockEl.dataset.ts = String(ts);
  document.body.dataset.playerTs = String(ts);
}

function renderMarkers(markers) {
  const list = document.getElementById('markers');
  const strip = document.getElementById('timeline');
  list.replaceChildren();
  strip.replaceChildren();
  if (markers.length === 0) {
    list.append(el('li', { class: 'muted' }, 'No errors, failed requests or frustration signals in this session.'));
  }
  const span = Math.max(1, endTs - startTs);
  for (const m of markers) {
    const label = el('span', { class: 'label' }, m.label || m.kind);
    const item = el('li', { class: m.kind, dataset: { ts: String(m.timestamp), kind: m.kind } },
      el('button', { type: 'button', onclick: () => { seek(m.timestamp); markActive(item); } },
        el('span', { class: 'kind' }, m.kind), el('span', { class: 'time' }, clock(m.timestamp).slice(11)), label));
    if (m.traceId) {
      const trace = m.traceUrl ? el('a', { href: m.traceUrl, target: '_blank', rel: 'noopener noreferrer' }, 'trace ' + m.traceId.slice(0, 8))
        : el('span', { class: 'muted small' }, 'trace ' + m.traceId);
      item.append(trace);
    }
    if (m.link && /^https?:\/\//.test(m.link)) {
      item.append(' ', el('a', { href: m.link, target: '_blank', rel: 'noopener noreferrer' }, 'open'));
    }
    list.append(item);
    if (m.timestamp >= startTs && m.timestamp <= endTs) {
      const tick = el('button', { type: 'button', class: m.kind, title: `${m.kind}: ${m.label || ''}`, onclick: () => { seek(m.timestamp); markActive(item); } });
      tick.style.left = `${((m.timestamp - startTs) / span) * 100}%`;
      strip.append(tick);
    }
  }
}

function markActive(item) {
  document.querySelectorAll('#markers li.active').forEach((n) => n.classList.remove('active'));
  item.classList.add('active');
}

async function main() {
  let session;
  try {
    session = await api(`/api/v1/sessions/${encodeURIComponent(sessionId)}`);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      document.title = 'Unknown session · Replaylink';
      showNotice(`No recorded session "${sessionId}" is visible to you. It may not have arrived yet (this page retries), it may have expired, or your token may not cover its project.`);
      document.body.dataset.state = 'unknown-session';
      refreshSoon();
      return;
    }
    throw e;
  }
  const data = await api(`/api/v1/sessions/${encodeURIComponent(sessionId)}/events` + (requested != null ? `?from=${requested}` : ''));
  document.getElementById('session-info').textContent =
    `Session ${session.sessionId}` + (session.userId ? ` · user ${session.userId}` : '') + (session.entryUrl ? ` · ${session.entryUrl}` : '');
  const events = data.events;
  if (events.length < 2) {
    showNotice('This session has no replayable recording yet; data may still be arriving. This page refreshes by itself.');
    document.body.dataset.state = 'arriving';
    refreshSoon();
    return;
  }
  startTs = events[0].timestamp;
  endTs = events[events.length - 1].timestamp;
  if (requested != null && requested > data.lastTimestamp) {
    showNotice(`The requested moment (${clock(requested)}) is after the last stored event (${clock(data.lastTimestamp)}): data is still arriving. This page refreshes by itself.`);
    document.body.dataset.state = 'arriving';
    refreshSoon();
  }
  const target = document.getElementById('player');
  const width = Math.max(480, Math.min(1200, target.clientWidth || 960));
  player = new window.ReplaylinkPlayer({
    target,
    props: {
      events,
      width,
      height: Math.round(width * 0.5625),
      autoPlay: false,
      skipInactive: true,
      showController: true,
      tags: { error: '#c8322b', network: '#e0781f', 'rage-click': '#9b1fe0', 'dead-click': '#666', 'error-click': '#c8322b', navigation: '#5b4ee6' },
    },
  });
  const at = requested != null ? requested - LEAD_MS : startTs;
  player.goto(Math.max(0, Math.min(at, endTs) - startTs), false);
  renderMarkers(session.markers || []);
  updateClock();
  setInterval(updateClock, 200);
  document.body.dataset.state = document.body.dataset.state || 'ready';
  document.body.dataset.startTs = String(startTs);
}

main().catch((e) => {
  if (!(e instanceof ApiError && e.status === 401)) {
    showNotice('The replay could not be loaded: ' + e.message);
    document.body.dataset.state = 'failed';
  }
});
