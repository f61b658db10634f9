// Removes secret-looking query parameters from URLs before they are recorded.

export const DEFAULT_SCRUBBED_PARAMS = ['token', 'password', 'passwd', 'secret', 'key', 'auth', 'session', 'signature', 'code', 'jwt'];
export const SCRUBBED_VALUE = '[scrubbed]';

function scrubQuery(query, names) {
  return query
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      let name = part.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch (e) {
        // keep the raw name
      }
      const lower = name.toLowerCase();
      return names.some((n) => lower.includes(n)) ? part.slice(0, eq + 1) + SCRUBBED_VALUE : part;
    })
    .join('&');
}

/**
 * Returns `url` with the value of every query (and fragment-query) parameter whose name contains
 * one of `names` (case-insensitive) replaced by `[scrubbed]`. Never throws; non-strings pass through.
 */
export function scrubUrl(url, names = DEFAULT_SCRUBBED_PARAMS) {
  if (typeof url !== 'string' || !names.length) return url;
  const hashAt = url.indexOf('#');
  let head = hashAt >= 0 ? url.slice(0, hashAt) : url;
  let hash = hashAt >= 0 ? url.slice(hashAt + 1) : null;
  const q = head.indexOf('?');
  if (q >= 0) head = head.slice(0, q + 1) + scrubQuery(head.slice(q + 1), names);
  if (hash !== null && hash.includes('=')) {
    const hq = hash.indexOf('?');
    hash = hq >= 0 ? hash.slice(0, hq + 1) + scrubQuery(hash.slice(hq + 1), names) : scrubQuery(hash, names);
  }
  return hash === null ? head : head + '#' + hash;
}

/** Lowercased, de-duplicated parameter name fragments: the defaults plus the configured ones. */
export function scrubbedParamNames(extra) {
  const all = DEFAULT_SCRUBBED_PARAMS.concat(Array.isArray(extra) ? extra : []);
  return Array.from(new Set(all.filter((n) => typeof n === 'string' && n).map((n) => n.toLowerCase())));
}
