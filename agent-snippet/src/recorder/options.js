// Validation and defaults of Replaylink.init() options.
import { IDLE_TIMEOUT_MS, MAX_SESSION_MS } from './session.js';
import { urlPattern } from './gate.js';

export const DEFAULTS = {
  sessionSampleRate: 1,
  onErrorSampleRate: 1,
  tracePropagationTargets: null, // page origin only
  privacy: 'balanced',
  requireConsent: false,
  scrubQueryParams: [],
  checkoutIntervalMs: 5 * 60 * 1000,
  batchIntervalMs: 5000,
  mutationLimit: 10000,
  maxQueueBytes: 8 * 1024 * 1024,
  idleTimeoutMs: IDLE_TIMEOUT_MS,
  maxSessionMs: MAX_SESSION_MS,
  excludeUrls: [],
  shouldRecord: null,
  respectDoNotTrack: false,
  compressionWorker: true,
  traceSampleRate: 1,
  networkDetailAllowUrls: [],
  networkRequestHeaders: [],
  networkResponseHeaders: [],
  networkBodyMaxBytes: 10 * 1024,
};

function positive(o, name) {
  const v = o[name];
  if (typeof v !== 'number' || !(v > 0)) throw new Error(`Replaylink: option '${name}' must be a positive number`);
}

/** Options with defaults applied; throws an Error naming the offending option. */
export function normalizeOptions(input) {
  const o = { ...DEFAULTS, ...(input || {}) };
  if (typeof o.endpoint !== 'string' || !/^https?:\/\//i.test(o.endpoint)) {
    throw new Error("Replaylink: option 'endpoint' must be the replay-service base URL (http or https)");
  }
  o.endpoint = o.endpoint.replace(/\/+$/, '');
  if (typeof o.key !== 'string' || !o.key) throw new Error("Replaylink: option 'key' (project ingest key) is required");
  if (o.privacy !== 'balanced' && o.privacy !== 'strict') throw new Error("Replaylink: option 'privacy' must be 'balanced' or 'strict'");
  for (const r of ['sessionSampleRate', 'onErrorSampleRate', 'traceSampleRate']) {
    if (typeof o[r] !== 'number' || !(o[r] >= 0 && o[r] <= 1)) throw new Error(`Replaylink: option '${r}' must be a number from 0 to 1`);
  }
  if (o.tracePropagationTargets != null && !Array.isArray(o.tracePropagationTargets)) {
    throw new Error("Replaylink: option 'tracePropagationTargets' must be an array of URL prefixes or RegExps");
  }
  if (!Array.isArray(o.scrubQueryParams)) throw new Error("Replaylink: option 'scrubQueryParams' must be an array of names");
  if (!Array.isArray(o.excludeUrls) || o.excludeUrls.some((p) => typeof p !== 'string' && !(p instanceof RegExp))) {
    throw new Error("Replaylink: option 'excludeUrls' must be an array of strings (substrings of the page URL, or '/regexp/') or RegExps");
  }
  for (const p of o.excludeUrls) {
    try {
      urlPattern(p);
    } catch (e) {
      throw new Error(`Replaylink: option 'excludeUrls' has an invalid regular expression ${p}: ${e.message}`, { cause: e });
    }
  }
  if (!Array.isArray(o.networkDetailAllowUrls) || o.networkDetailAllowUrls.some((p) => typeof p !== 'string' && !(p instanceof RegExp))) {
    throw new Error("Replaylink: option 'networkDetailAllowUrls' must be an array of strings (substrings of the request URL) or RegExps");
  }
  for (const n of ['networkRequestHeaders', 'networkResponseHeaders']) {
    if (!Array.isArray(o[n]) || o[n].some((h) => typeof h !== 'string')) throw new Error(`Replaylink: option '${n}' must be an array of header names`);
  }
  if (typeof o.compressionWorker !== 'boolean') throw new Error("Replaylink: option 'compressionWorker' must be true or false");
  if (o.shouldRecord != null && typeof o.shouldRecord !== 'function') throw new Error("Replaylink: option 'shouldRecord' must be a function");
  for (const n of ['checkoutIntervalMs', 'batchIntervalMs', 'mutationLimit', 'maxQueueBytes', 'idleTimeoutMs', 'maxSessionMs', 'networkBodyMaxBytes']) positive(o, n);
  o.replayBaseUrl = typeof o.replayBaseUrl === 'string' && o.replayBaseUrl ? o.replayBaseUrl.replace(/\/+$/, '') : o.endpoint;
  return o;
}
