// Request detail for allow-listed URLs (option networkDetailAllowUrls): the allowed headers and the
// bodies of the request and response, JSON values under secret-looking keys masked before anything
// leaves the page. Nothing is read for other URLs. Never throws.
import { urlExcluded } from './gate.js';

export const SAFE_HEADERS = ['content-type', 'content-length', 'accept', 'x-request-id'];
export const SECRET_KEYS = ['password', 'passwd', 'token', 'secret', 'authorization', 'cookie', 'card', 'cvv', 'iban', 'ssn'];
export const MASKED = '[masked]';
const TEXTUAL = /json|text|xml|x-www-form-urlencoded|graphql/i;

const secret = (key) => SECRET_KEYS.some((s) => String(key).toLowerCase().indexOf(s) >= 0);

/** `value` with every value under a secret-looking key (at any depth) replaced by `[masked]`. */
export function maskJson(value) {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value)) out[k] = secret(k) && value[k] != null ? MASKED : maskJson(value[k]);
    return out;
  }
  return value;
}

/**
 * What is recorded of a body: text (JSON masked, then cut to `max` bytes) or, for other bodies, only
 * `bodySize` and `bodyType`. `body` is a string or what fetch/XHR take (Blob, FormData, …).
 */
export function bodyDetail(body, type, max) {
  if (body == null || body === '') return {};
  if (typeof body !== 'string') {
    if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return bodyDetail(String(body), type, max);
    const size = body.size != null ? body.size : body.byteLength;
    return { bodySize: typeof size === 'number' ? size : undefined, bodyType: (body.constructor && body.constructor.name) || typeof body };
  }
  let text = body;
  try {
    if (/json/i.test(type || '') || /^\s*[[{]/.test(text)) text = JSON.stringify(maskJson(JSON.parse(text)));
  } catch (e) {
    // not JSON: recorded as text (the service's privacy net masks it again)
  }
  const bytes = new TextEncoder().encode(text);
  const out = { body: text, bodySize: bytes.length };
  if (bytes.length > max) {
    out.body = new TextDecoder().decode(bytes.slice(0, max));
    out.truncated = true;
  }
  return out;
}

/** Allowed headers of a Headers object or a plain name → value object; secret-looking ones masked. */
export function pickHeaders(headers, allowed) {
  const out = {};
  if (!headers) return out;
  const get = typeof headers.get === 'function' ? (n) => headers.get(n) : (n) => headers[n];
  for (const name of allowed) {
    const v = get(name);
    if (v != null) out[name] = secret(name) ? MASKED : String(v);
  }
  return out;
}

/**
 * The detail recorder for the options, or null when no URL is allow-listed. `request(url, headers,
 * body)` and `response(headers, bodyText)` build the two halves; `wants(url)` says whether to record.
 */
export function networkDetail(o) {
  const allow = o.networkDetailAllowUrls;
  if (!allow || !allow.length) return null;
  const lower = (list) => SAFE_HEADERS.concat(list || []).map((h) => String(h).toLowerCase());
  const reqHeaders = lower(o.networkRequestHeaders);
  const resHeaders = lower(o.networkResponseHeaders);
  const max = o.networkBodyMaxBytes;
  return {
    wants: (url) => urlExcluded(url, allow),
    textual: (type) => TEXTUAL.test(type || ''),
    request: (headers, body) => {
      const h = pickHeaders(headers, reqHeaders);
      return Object.assign({ headers: h }, bodyDetail(body, h['content-type'], max));
    },
    response: (headers, body) => {
      const h = pickHeaders(headers, resHeaders);
      const d = typeof body === 'string' ? bodyDetail(body, h['content-type'], max) : {};
      if (d.bodySize == null && h['content-length']) d.bodySize = Number(h['content-length']);
      if (typeof body !== 'string' && h['content-type']) d.bodyType = h['content-type'];
      return Object.assign({ headers: h }, d);
    },
  };
}
