// Replay page: loads the session's events from the last full snapshot at or before LEAD_MS before
// ?t=, opens the player paused LEAD_MS before that moment (at the moment itself with &exact=1, as the
// page's own seeks to earlier parts of the recording do), and shows an event stream beside it that
// follows playback and seeks on click. Recorded content is only ever rendered by the sandboxed replayer
// iframe; everything placed into this page is text (textContent), never HTML.
import { api, ApiError, clock, el } from './api.js';
import { buildEntries, highlight, relabelClicks, renderStream, wireFilter } from './event-stream.js';
import { MOUSE_TAIL, wireControls, wireTimeline } from './player-controls.js';
import { KIND_NAVIGATION } from './protocol.js';
import { blockedIds, maskedIds } from './recorded-nodes.js';
import { deferFocusChanges, focusPlugin } from './replay-focus.js';
import { tracePanel } from './trace-panel.js';

const LEAD_MS = 3000;
const REFRESH_MS = 5000;
const BLOCK_CLASS = 'rl-block';
const MASK_CLASS = 'rl-masked';
// drawn inside the replay iframe: elements the recorder blocked are grey hatched boxes; masked text
// and input values (runs of '*') sit on a dotted grey band, so they read as masked, not as content
const REPLAY_STYLES = [
  `.${BLOCK_CLASS}, .rr-block { background: repeating-linear-gradient(45deg, #c9ccd6 0 6px, #e3e6ee 6px 12px) !important;`
    + ' outline: 1px dashed #8a90a2 !important; color: transparent !important; }',
  `.${MASK_CLASS}, .rl-mask, [data-replay-mask] { background-color: #e3e6ee !important; color: #6b7085 !important;`
    + ' text-decoration: underline dotted #8a90a2 !important; }',
  `input.${MASK_CLASS}, textarea.${MASK_CLASS}, select.${MASK_CLASS}, input[type=password] { background-color: #e3e6ee !important;`
    + ' color: #6b7085 !important; outline: 1px dotted #8a90a2 !important; }',
];
const sessionId = decodeURIComponent(location.pathname.split('/')[2] || '');
const params = new URLSearchParams(location.search);
const requested = params.has('t') && /^\d+$/.test(params.get('t')) ? Number(params.get('t')) : null;
// exact=1: open at t itself (a seek to before the loaded part reloads the page so); play=1: then play
const exact = params.get('exact') === '1';
const openAt = requested == null ? null : Math.max(0, requested - (exact ? 0 : LEAD_MS));

const sessionPath = `/api/v1/sessions/${encodeURIComponent(sessionId)}`;
// This module is async: both requests start as soon as it runs, in parallel, while the document or
// the player bundle may still be loading; main() waits for what it needs before using them.
const sessionRequest = api(sessionPath);
const eventsRequest = api(sessionPath + '/events' + (openAt != null ? `?from=${openAt}` : ''));
eventsRequest.catch(() => {}); // reported through sessionRequest (same session, same errors) or awaited below
const documentParsed = document.readyState === 'loading'
  ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
  : Promise.resolve();

// The player waits for the page's load event: by then the (deferred) player bundle has run, and the
// replay iframe it creates cannot hold the load event back (its document never finishes loading).
const pageLoaded = document.readyState === 'complete'
  ? Promise.resolve()
  : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));

let notice = null;
let clockEl = null;
let player = null;
let controls = null;
let startTs = 0;
let endTs = 0;
let sessionStart = 0;
let streamItems = [];
let blocked = [];
let masked = [];
let seeks = 0;
let updateProgress = () => {};

/** Page-load milestones for the benchmarks (performance.getEntriesByType('mark'), names "replay:*"). */
function mark(name) {
  if (performance.mark) performance.mark('replay:' + name);
}

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

/**
 * Ends a fast-forward over inactivity in progress. rrweb ends it only when it replays the next user
 * input it was heading for, which a seek or a speed change may skip over: it would then never skip
 * again, or go on fast-forwarding from the new position.
 */
function endSkip() {
  const replayer = player.getReplayer();
  if (typeof replayer.backToNormal === 'function') replayer.backToNormal();
}

/** Moves the player to ts; it keeps playing only when keepPlaying is set and it was playing. */
function seek(ts, keepPlaying = false) {
  if (!player) return;
  if (ts < startTs && sessionStart < startTs) {
    // Before the loaded snapshot: reload from the checkout before that moment, positioned at it.
    const at = Math.round(Math.max(ts, sessionStart));
    const play = keepPlaying && controls && controls.isPlaying() ? '&play=1' : '';
    document.body.dataset.state = 'reloading';
    location.href = `/replay/${encodeURIComponent(sessionId)}?t=${at}&exact=1${play}`;
    return;
  }
  const offset = Math.max(0, Math.min(ts, endTs) - startTs);
  endSkip();
  if (keepPlaying) player.goto(offset);
  else player.goto(offset, false);
  updateClock();
  // tests and scripts wait for this instead of for time to pass
  document.body.dataset.seeks = String(++seeks);
}

function updateClock() {
  if (!player) return;
  const ts = Math.round(currentTs());
  clockEl.textContent = clock(ts);
  clockEl.dataset.ts = String(ts);
  document.body.dataset.playerTs = String(ts);
  updateProgress(ts);
  markBlocked();
  markMasked();
  const current = highlight(streamItems, ts, controls && controls.isPlaying());
  document.body.dataset.currentEntryTs = current ? current.dataset.ts : '';
}

/** Absolute link to the current moment, on this page's origin (the address the viewer uses). */
function momentLink() {
  return `${location.origin}/replay/${encodeURIComponent(sessionId)}?t=${Math.round(currentTs())}`;
}

async function copyLink() {
  const link = momentLink();
  const field = document.getElementById('moment-link');
  field.value = link;
  field.hidden = false;
  document.body.dataset.copiedLink = link;
  const button = document.getElementById('copy-link');
  try {
    await navigator.clipboard.writeText(link);
    button.textContent = 'Link copied';
  } catch {
    field.select();
    button.textContent = 'Copy the selected link';
  }
  setTimeout(() => { button.textContent = 'Copy link to this moment'; }, 2500);
}

function renderTimelineMarkers(markers) {
  const strip = document.getElementById('timeline');
  strip.querySelectorAll('button').forEach((b) => b.remove());
  const span = Math.max(1, endTs - startTs);
  for (const m of markers) {
    if (m.timestamp < startTs || m.timestamp > endTs || m.kind === KIND_NAVIGATION) continue;
    const tick = el('button', { type: 'button', class: m.kind, title: `${m.kind}: ${m.label || ''}`, dataset: { ts: String(m.timestamp) },
      onclick: () => seek(m.timestamp) });
    tick.style.left = `${((m.timestamp - startTs) / span) * 100}%`;
    strip.append(tick);
  }
  if (requested != null && !exact && requested >= startTs && requested <= endTs) {
    const moment = el('span', { class: 'moment', title: `Linked moment ${clock(requested)}`, dataset: { ts: String(requested) } });
    moment.style.left = `${((requested - startTs) / span) * 100}%`;
    strip.append(moment);
  }
}

/** Such elements carry no class of their own: mark those on screen so the replay styles show them as blocked. */
function markBlocked() {
  const mirror = player.getMirror();
  for (const id of blocked) {
    const node = mirror.getNode(id);
    if (node && node.classList && !node.classList.contains(BLOCK_CLASS)) node.classList.add(BLOCK_CLASS);
  }
}

/** Marks the elements showing masked content that are on screen, for the replay styles (not the whole page). */
function markMasked() {
  const mirror = player.getMirror();
  for (const id of masked) {
    const node = mirror.getNode(id);
    if (node && node.classList && !node.classList.contains(MASK_CLASS) && !/^(BODY|HTML)$/i.test(node.tagName)) node.classList.add(MASK_CLASS);
  }
}

/** A short text for a recorded element: tag, id or classes, and the start of its (possibly masked) text. */
function describeNode(id) {
  const node = player.getMirror().getNode(id);
  if (!node || node.nodeType !== 1) return null;
  let name = node.tagName.toLowerCase();
  if (node.id) name += '#' + node.id;
  else if (node.classList.length) name += '.' + [...node.classList].slice(0, 2).join('.');
  const text = (node.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  return text ? `${name} "${text}"` : name;
}

// The replayer empties the replay document with document.open() for every full snapshot. Chromium
// then fetches what the recorded CSS references (url() in style attributes and <style> text, fonts)
// with its default referrer policy, no longer this page's no-referrer, so the project's origins would
// learn the address of this service. The replay document is therefore never reopened: open() removes
// its nodes instead (what the replayer needs of it) and write() writes nothing (a recorded quirks-mode
// page replays in standards mode). The iframe is patched as the player appends it, before its first
// full snapshot is built.
function withReplayDocumentKept(createPlayer) {
  const append = Node.prototype.appendChild;
  Node.prototype.appendChild = function appendChild(child) {
    const added = append.call(this, child);
    if (child instanceof HTMLIFrameElement && child.contentDocument) keepDocument(child.contentDocument);
    return added;
  };
  try {
    return createPlayer();
  } finally {
    Node.prototype.appendChild = append;
  }
}

function keepDocument(doc) {
  doc.open = function open() {
    while (this.firstChild) this.removeChild(this.firstChild);
    return this;
  };
  doc.write = function write() {};
}

function playerSize(fullscreen) {
  const target = document.getElementById('player');
  if (fullscreen) {
    const reserved = document.getElementById('controls').offsetHeight + document.getElementById('timeline').offsetHeight + 80;
    return { width: window.innerWidth - 40, height: Math.max(240, window.innerHeight - reserved) };
  }
  const width = Math.max(480, Math.min(1200, target.clientWidth || 960));
  return { width, height: Math.round(width * 0.5625) };
}

async function main() {
  await documentParsed;
  notice = document.getElementById('notice');
  clockEl = document.getElementById('clock');
  let session;
  try {
    session = await sessionRequest;
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
  mark('session');
  const data = await eventsRequest;
  mark('events');
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
  sessionStart = session.startedAt;
  if (requested != null && requested > data.lastTimestamp) {
    showNotice(`The requested moment (${clock(requested)}) is after the last stored event (${clock(data.lastTimestamp)}): data is still arriving. This page refreshes by itself.`);
    document.body.dataset.state = 'arriving';
    refreshSoon();
  }
  await pageLoaded;
  const { width, height } = playerSize(false);
  const focus = focusPlugin();
  player = withReplayDocumentKept(() => new window.ReplaylinkPlayer({
    target: document.getElementById('player'),
    props: {
      events: deferFocusChanges(events),
      plugins: [focus],
      width,
      height,
      autoPlay: false,
      skipInactive: true,
      showController: false,
      speedOption: [1, 2, 4, 8],
      mouseTail: MOUSE_TAIL,
      blockClass: BLOCK_CLASS,
      insertStyleRules: REPLAY_STYLES,
      // a replayed focus() would move this page's keyboard focus into the replay iframe, where the
      // player's keys (space, arrows) no longer reach it
      triggerFocus: false,
    },
  }));
  mark('player');
  focus.attach(player.getReplayer());
  blocked = blockedIds(events);
  masked = maskedIds(events);
  const replayer = player.getReplayer();
  // the frame's about:blank document already inherits this page's no-referrer policy; the attribute
  // keeps it so should the replayer ever navigate the frame
  replayer.iframe.referrerPolicy = 'no-referrer';
  // rrweb fast-forwards spans without user input while skip inactivity is on
  replayer.on('skip-start', (payload) => {
    document.body.dataset.skipping = 'true';
    document.body.dataset.skips = String(Number(document.body.dataset.skips || 0) + 1);
    document.body.dataset.skipSpeed = String((payload && payload.speed) || '');
  });
  replayer.on('skip-end', () => { document.body.dataset.skipping = 'false'; });
  replayer.on('fullsnapshot-rebuilded', () => {
    markBlocked();
    markMasked();
    relabelClicks(streamItems, describeNode);
  });
  controls = wireControls({
    player, currentTs, seek, startTs, endTs, sessionStart, copyLink, endSkip,
    resize: (fullscreen) => { player.$set(playerSize(fullscreen)); player.triggerResize(); },
  });
  player.addEventListener('finish', () => updateClock());

  // Position the player first: fast-forwarding forces style and layout (focus, scroll), which stays
  // cheap while the page does not yet hold the event stream.
  const at = openAt != null ? openAt : startTs;
  player.goto(Math.max(0, Math.min(at, endTs) - startTs), false);
  mark('goto');
  // Let the browser draw the positioned player before the event stream is built: for a long session
  // the stream (thousands of entries) takes longer than the player, and the moment is what was asked for.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  mark('shown');

  updateProgress = wireTimeline(document.getElementById('timeline'), events, startTs, endTs, seek);
  const markers = session.markers || [];
  const list = document.getElementById('markers');
  const panel = tracePanel(document.getElementById('trace-panel'), sessionId);
  streamItems = renderStream(list, buildEntries(events, markers, startTs, endTs), {
    traceUrlTemplate: session.traceUrlTemplate,
    onSeek: (ts) => seek(ts),
    onSelect: (entry, from) => panel.open({ traceId: entry.traceId, request: entry.request }, from),
  });
  wireFilter(document.getElementById('stream-filter'), list);
  renderTimelineMarkers(markers);
  mark('stream');
  updateClock();
  relabelClicks(streamItems, describeNode);
  setInterval(updateClock, 200);
  mark('ready');
  requestAnimationFrame(() => setTimeout(() => mark('painted'), 0)); // the first frame drawn with all of it
  document.body.dataset.startTs = String(startTs);
  document.body.dataset.endTs = String(endTs);
  document.body.dataset.seeks = '0';
  if (exact && params.get('play') === '1') player.goto(Math.max(0, Math.min(at, endTs) - startTs), true);
  document.body.dataset.state = document.body.dataset.state || 'ready';
}

main().catch((e) => {
  if (!(e instanceof ApiError && e.status === 401)) {
    showNotice('The replay could not be loaded: ' + e.message);
    document.body.dataset.state = 'failed';
  }
});
