// W3C trace context and baggage for requests to the app's own backends.
import { randomHex } from './ids.js';
import { ATTR_SESSION_ID } from '../../../protocol/src/main/js/protocol.js';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Trace ID of a valid `traceparent` value, or null. */
export function traceIdOf(traceparent) {
  const m = typeof traceparent === 'string' && TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (!m || m[1] === 'ff' || /^0+$/.test(m[2]) || /^0+$/.test(m[3])) return null;
  return m[2];
}

/** Parent span ID of a valid `traceparent` value, or null. */
export function spanIdOf(traceparent) {
  return traceIdOf(traceparent) ? traceparent.trim().toLowerCase().slice(36, 52) : null;
}

/**
 * A new `traceparent`: `00-<trace id>-<span id>-<flags>`, sampled (`01`) for a share `sampleRate`
 * of requests, else `00`; the backend still sees trace ID and session either way.
 */
export function newTraceparent(sampleRate = 1, random = Math.random) {
  return `00-${randomHex(16)}-${randomHex(8)}-${random() < sampleRate ? '01' : '00'}`;
}

/**
 * Appends `session.id=<id>` to an existing `baggage` value, keeping every other entry. An existing
 * `session.id` entry is replaced by the current one (there is only one session per page).
 */
export function mergeBaggage(existing, sessionId) {
  const entry = `${ATTR_SESSION_ID}=${encodeURIComponent(sessionId)}`;
  if (typeof existing !== 'string' || !existing.trim()) return entry;
  const kept = existing
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s.split('=')[0].split(';')[0].trim() !== ATTR_SESSION_ID);
  kept.push(entry);
  return kept.join(',');
}

/**
 * Whether a request to `url` gets trace headers. `targets` holds origin/prefix strings or RegExps;
 * the default (empty or missing) is the page's own origin only.
 */
export function shouldPropagate(url, targets, pageOrigin) {
  let abs;
  try {
    abs = new URL(url, pageOrigin);
  } catch (e) {
    return false;
  }
  if (abs.protocol !== 'http:' && abs.protocol !== 'https:') return false;
  const href = abs.href;
  if (!Array.isArray(targets) || targets.length === 0) return abs.origin === pageOrigin;
  return targets.some((t) => {
    if (t instanceof RegExp) return t.test(href);
    if (typeof t !== 'string' || !t) return false;
    if (/^https?:\/\/[^/]+\/?$/i.test(t)) return abs.origin === new URL(t).origin;
    return href.startsWith(t);
  });
}
