// The replay page's own player controls (the rrweb-player controller is hidden): play/pause, ±10 s,
// speed, skip inactivity, cursor trail, full screen, keyboard shortcuts and the timeline (progress,
// inactivity spans, click to seek).
import { EventType, IncrementalSource as S } from './rrweb.js';

export const SPEEDS = [1, 2, 4, 8];
export const STEP_MS = 10_000;
// same rule as rrweb-player: a gap of more than 10 s between user interactions is inactivity
const INACTIVITY_MS = 10_000;
// the sources rrweb-player counts as user interaction
const INTERACTIVE_SOURCES = new Set([S.MOUSE_MOVE, S.MOUSE_INTERACTION, S.SCROLL, S.VIEWPORT_RESIZE, S.INPUT, S.TOUCH_MOVE,
  S.MEDIA_INTERACTION, S.DRAG]);
export const MOUSE_TAIL = { strokeStyle: 'rgba(91, 78, 230, 0.75)', lineCap: 'round', lineWidth: 3, duration: 900 };

/** [from, to] epoch-ms spans without user interaction, as rrweb's skip-inactivity sees them. */
export function inactivePeriods(events) {
  const periods = [];
  if (events.length === 0) return periods;
  let lastActive = events[0].timestamp;
  for (const e of events) {
    if (e.type === EventType.INCREMENTAL_SNAPSHOT && e.data && INTERACTIVE_SOURCES.has(e.data.source)) {
      if (e.timestamp - lastActive > INACTIVITY_MS) periods.push([lastActive, e.timestamp]);
      lastActive = e.timestamp;
    }
  }
  const end = events[events.length - 1].timestamp;
  if (end - lastActive > INACTIVITY_MS) periods.push([lastActive, end]);
  return periods;
}

function isTyping(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Connects the controls to a player. {@code api} has: player, currentTs(), seek(ts, keepPlaying),
 * startTs, endTs (the loaded part), sessionStart, copyLink(), endSkip(), resize(fullscreen).
 */
export function wireControls(api) {
  const { player } = api;
  const body = document.body;
  const play = document.getElementById('play');
  const skip = document.getElementById('skip-inactive');
  const tail = document.getElementById('mouse-tail');
  const stage = document.getElementById('stage');
  let playing = false;

  const setPlaying = (state) => {
    playing = state === 'playing';
    body.dataset.playing = String(playing);
    play.textContent = playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(playing));
  };
  player.addEventListener('ui-update-player-state', (detail) => setPlaying(detail && detail.payload));
  setPlaying('paused');
  play.addEventListener('click', () => player.toggle());

  // not clamped to the loaded part: seek() reloads from an earlier snapshot when the target is before it
  const step = (delta) => api.seek(Math.max(api.sessionStart, Math.min(api.endTs, api.currentTs() + delta)), true);
  document.getElementById('back10').addEventListener('click', () => step(-STEP_MS));
  document.getElementById('fwd10').addEventListener('click', () => step(STEP_MS));

  const setSpeed = (speed) => {
    api.endSkip();
    player.setSpeed(speed);
    body.dataset.speed = String(speed);
    document.querySelectorAll('#speed button[data-speed]').forEach((b) => b.setAttribute('aria-pressed', String(Number(b.dataset.speed) === speed)));
  };
  document.querySelectorAll('#speed button[data-speed]').forEach((b) => b.addEventListener('click', () => setSpeed(Number(b.dataset.speed))));
  body.dataset.speed = '1';

  body.dataset.skipInactive = String(skip.checked);
  skip.addEventListener('change', () => {
    if (!skip.checked) api.endSkip();
    player.toggleSkipInactive();
    body.dataset.skipInactive = String(skip.checked);
    document.getElementById('timeline').classList.toggle('skipping', skip.checked);
  });
  tail.addEventListener('change', () => player.getReplayer().setConfig({ mouseTail: tail.checked ? MOUSE_TAIL : false }));

  const fullscreen = () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else stage.requestFullscreen().catch(() => { body.dataset.fullscreen = 'unavailable'; });
  };
  document.getElementById('fullscreen').addEventListener('click', fullscreen);
  document.addEventListener('fullscreenchange', () => {
    body.dataset.fullscreen = String(Boolean(document.fullscreenElement));
    api.resize(Boolean(document.fullscreenElement));
  });
  document.getElementById('copy-link').addEventListener('click', () => api.copyLink());

  document.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || isTyping(ev.target)) return;
    if (ev.key === ' ' || ev.code === 'Space') {
      ev.preventDefault();
      player.toggle();
    } else if (ev.key === 'ArrowLeft') {
      ev.preventDefault();
      step(-STEP_MS);
    } else if (ev.key === 'ArrowRight') {
      ev.preventDefault();
      step(STEP_MS);
    } else if (ev.key === 'f') {
      fullscreen();
    }
  });
  document.getElementById('controls').hidden = false;
  return { isPlaying: () => playing, setSpeed };
}

/** Draws inactivity spans on the timeline and makes a click on its background seek. */
export function wireTimeline(timeline, events, startTs, endTs, seek) {
  const span = Math.max(1, endTs - startTs);
  for (const [from, to] of inactivePeriods(events)) {
    const block = document.createElement('div');
    block.className = 'inactive';
    block.title = `Inactive for ${Math.round((to - from) / 1000)} s` + (document.getElementById('skip-inactive').checked ? ' (skipped)' : '');
    block.dataset.from = String(from);
    block.dataset.to = String(to);
    block.style.left = `${((from - startTs) / span) * 100}%`;
    block.style.width = `${((to - from) / span) * 100}%`;
    timeline.prepend(block);
  }
  timeline.classList.toggle('skipping', document.getElementById('skip-inactive').checked);
  timeline.addEventListener('click', (ev) => {
    if (ev.target instanceof HTMLButtonElement) return;
    const rect = timeline.getBoundingClientRect();
    const fraction = Math.max(0, Math.min(1, (ev.clientX - rect.left) / rect.width));
    seek(startTs + fraction * span, true);
  });
  const progress = document.getElementById('progress');
  return (ts) => { progress.style.width = `${Math.max(0, Math.min(1, (ts - startTs) / span)) * 100}%`; };
}
