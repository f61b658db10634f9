// HTTP transport to replay-service's ingest endpoint (gzip when the browser can, keepalive on exit).
import { ATTR_INGEST_KEY_HEADER } from '../../../protocol/src/main/js/protocol.js';

const GZIP_MIN_BYTES = 1024;
const KEEPALIVE_MAX_BYTES = 60 * 1024; // browsers allow 64 KiB of keepalive/beacon bodies in flight
const TIMEOUT_MS = 30000;

/** Length of `text` in UTF-8 bytes (what counts against the keepalive limit). */
export function utf8Bytes(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1; // surrogate pairs: 4 bytes for 2 chars
  }
  return n;
}

/** The JSON body of a batch; `eventsJson` is the JSON array of its events. */
export function batchBody(ids, seq, sentAt, userId, eventsJson) {
  const head = { sessionId: ids.sessionId, windowId: ids.windowId, seq, sentAt };
  if (userId) head.user = { id: String(userId) };
  const h = JSON.stringify(head);
  return `${h.slice(0, -1)},"events":${eventsJson}}`;
}

async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

// Runs the same gzip in a worker, so compressing large batches costs the page's main thread only
// a copy of the body. Made from a blob: URL; where that is not allowed (a Content-Security-Policy
// without blob: in worker-src) or the worker fails, compression falls back to the main thread.
const WORKER_SOURCE = `onmessage=function(e){var d=e.data;new Response(new Blob([d.b]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer().then(function(r){postMessage({i:d.i,r:r},[r])},function(){postMessage({i:d.i})})}`;
const WORKER_TIMEOUT_MS = 10000;

const workersAvailable = () => typeof Worker === 'function' && typeof URL === 'function' && !!URL.createObjectURL;

/** `compress(text)` resolves to the gzipped bytes; rejects when gzip is impossible here. */
export function createCompressor(useWorker) {
  let worker = null;
  let broken = !useWorker;
  let nextId = 0;
  const waiting = new Map();

  function giveUp() {
    broken = true;
    if (worker) {
      try {
        worker.terminate();
      } catch (e) {
        // ignore
      }
    }
    worker = null;
    const w = Array.from(waiting.values());
    waiting.clear();
    w.forEach((job) => job(null));
  }

  function start() {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    worker = new Worker(url);
    worker.onmessage = (e) => {
      const d = e.data || {};
      const job = waiting.get(d.i);
      if (job) {
        waiting.delete(d.i);
        job(d.r || null);
      }
    };
    worker.onerror = giveUp;
  }

  function compress(text) {
    if (!broken) {
      try {
        if (!worker) start();
        return new Promise((resolve) => {
          const id = nextId++;
          const timer = setTimeout(giveUp, WORKER_TIMEOUT_MS);
          waiting.set(id, (r) => {
            clearTimeout(timer);
            resolve(r || gzip(text)); // a failed job is compressed here instead
          });
          worker.postMessage({ i: id, b: text });
        });
      } catch (e) {
        giveUp();
      }
    }
    return gzip(text);
  }

  return { compress, close: giveUp };
}

/**
 * Sends batch bodies with the page's original `fetch` (never the instrumented one, so the
 * recorder does not record itself). Resolves to the HTTP status, 0 on network failure; never rejects.
 */
export function createTransport(endpoint, key, nativeFetch, useWorker = true) {
  const url = `${endpoint.replace(/\/+$/, '')}/api/v1/ingest`;
  const canGzip = typeof CompressionStream === 'function' && typeof Response === 'function';
  const compressor = canGzip ? createCompressor(useWorker && workersAvailable()) : null;

  async function send(body) {
    const headers = { 'Content-Type': 'application/json', [ATTR_INGEST_KEY_HEADER]: key };
    let payload = body;
    if (canGzip && body.length >= GZIP_MIN_BYTES) {
      try {
        payload = await compressor.compress(body);
        headers['Content-Encoding'] = 'gzip';
      } catch (e) {
        payload = body;
      }
    }
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = ctrl && setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    try {
      const res = await nativeFetch(url, {
        method: 'POST',
        headers,
        body: payload,
        credentials: 'omit',
        mode: 'cors',
        signal: ctrl ? ctrl.signal : undefined,
      });
      return res.status;
    } catch (e) {
      return 0;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /**
   * Best-effort send while the page is going away (no gzip: there is no time to await it). True
   * when the browser took the request; false when neither keepalive fetch nor sendBeacon did.
   */
  function sendOnExit(body) {
    if (utf8Bytes(body) <= KEEPALIVE_MAX_BYTES) {
      try {
        nativeFetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [ATTR_INGEST_KEY_HEADER]: key },
          body,
          keepalive: true,
          credentials: 'omit',
          mode: 'cors',
        }).catch(() => {});
        return true;
      } catch (e) {
        // fall through to sendBeacon
      }
    }
    try {
      if (navigator.sendBeacon) {
        return navigator.sendBeacon(`${url}?key=${encodeURIComponent(key)}`, new Blob([body], { type: 'application/json' }));
      }
    } catch (e) {
      // nothing more can be done while unloading
    }
    return false;
  }

  return { send, sendOnExit, url, close: () => compressor && compressor.close() };
}
