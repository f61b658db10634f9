// HTTP transport to replay-service's ingest endpoint (gzip when the browser can, keepalive on exit).

const GZIP_MIN_BYTES = 1024;
const KEEPALIVE_MAX_BYTES = 60 * 1024; // browsers allow 64 KiB of keepalive/beacon bodies in flight
const TIMEOUT_MS = 30000;

/** The JSON body of a batch; `eventsJson` are already-serialized events. */
export function batchBody(ids, seq, sentAt, userId, eventsJson) {
  const head = { sessionId: ids.sessionId, windowId: ids.windowId, seq, sentAt };
  if (userId) head.user = { id: String(userId) };
  const h = JSON.stringify(head);
  return `${h.slice(0, -1)},"events":[${eventsJson.join(',')}]}`;
}

async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/**
 * Sends batch bodies with the page's original `fetch` (never the instrumented one, so the
 * recorder does not record itself). Resolves to the HTTP status, 0 on network failure; never rejects.
 */
export function createTransport(endpoint, key, nativeFetch) {
  const url = `${endpoint.replace(/\/+$/, '')}/api/v1/ingest`;
  const canGzip = typeof CompressionStream === 'function' && typeof Response === 'function';

  async function send(body) {
    const headers = { 'Content-Type': 'application/json', 'X-Replaylink-Key': key };
    let payload = body;
    if (canGzip && body.length >= GZIP_MIN_BYTES) {
      try {
        payload = await gzip(body);
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

  /** Best-effort send while the page is going away (no gzip: there is no time to await it). */
  function sendOnExit(body) {
    if (body.length <= KEEPALIVE_MAX_BYTES) {
      try {
        nativeFetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Replaylink-Key': key },
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

  return { send, sendOnExit, url };
}
