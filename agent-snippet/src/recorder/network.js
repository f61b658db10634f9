// fetch and XMLHttpRequest instrumentation: trace headers for propagation targets and a `network`
// record for every request, with request detail for allow-listed URLs. Any failure inside the
// instrumentation falls back to the app's call.
import { mergeBaggage, newTraceparent, shouldPropagate, spanIdOf, traceIdOf } from './propagation.js';

// a response body still being read after this long is recorded without it (streams, long polls)
const BODY_WAIT_MS = 3000;

/**
 * @param {object} o
 * @param {() => string|null} o.sessionId  session to propagate, or null for none
 * @param {Array} o.targets                tracePropagationTargets
 * @param {number} o.sampleRate            traceSampleRate: share of new traceparents sampled
 * @param {object|null} o.detail           request detail recorder (networkDetail.js), or null
 * @param {(url: string) => boolean} o.ignore  requests never recorded (the recorder's own)
 * @param {(r: object) => void} o.onRequest `{timestamp, method, url, status, durationMs, traceId?, spanId?, request?, response?}`
 * @returns {() => void} restores the originals
 */
export function instrumentNetwork(o) {
  const w = window;
  const origin = w.location.origin;
  const restore = [];

  function headersFor(url, existingTraceparent, existingBaggage) {
    const sid = o.sessionId();
    if (!sid || !shouldPropagate(url, o.targets, origin)) return null;
    const traceparent = existingTraceparent || newTraceparent(o.sampleRate);
    return { traceparent, baggage: mergeBaggage(existingBaggage, sid), kept: !!existingTraceparent };
  }

  function report(start, method, url, status, traceparent, detail) {
    try {
      if (o.ignore(url)) return;
      const r = { timestamp: start, method: String(method || 'GET').toUpperCase(), url: String(url), status, durationMs: Math.max(0, Date.now() - start) };
      const traceId = traceIdOf(traceparent);
      if (traceId) {
        r.traceId = traceId;
        r.spanId = spanIdOf(traceparent);
      }
      if (detail) Object.assign(r, detail);
      o.onRequest(r);
    } catch (e) {
      // never disturb the app
    }
  }

  const wants = (url) => { try { return !!o.detail && o.detail.wants(new URL(url, w.location.href).href); } catch (e) { return false; } };

  function fetchResponse(res) {
    const type = res.headers.get('content-type');
    if (!o.detail.textual(type)) return Promise.resolve(o.detail.response(res.headers, null));
    const body = res.clone().text();
    const late = new Promise((resolve) => setTimeout(resolve, BODY_WAIT_MS, null));
    return Promise.race([body, late]).then((t) => o.detail.response(res.headers, t), () => o.detail.response(res.headers, null));
  }

  const nativeFetch = w.fetch;
  if (typeof nativeFetch === 'function') {
    const patched = function (input, init) {
      const start = Date.now();
      let args = arguments;
      let method = 'GET';
      let url = '';
      let traceparent = null;
      let request = null;
      try {
        const isRequest = typeof Request !== 'undefined' && input instanceof Request;
        url = isRequest ? input.url : String(input);
        method = (init && init.method) || (isRequest ? input.method : 'GET');
        const base = init && init.headers !== undefined ? init.headers : isRequest ? input.headers : undefined;
        const headers = new Headers(base);
        const h = o.ignore(url) ? null : headersFor(url, headers.get('traceparent'), headers.get('baggage'));
        if (h) {
          if (!h.kept) headers.set('traceparent', h.traceparent);
          headers.set('baggage', h.baggage);
          args = [input, Object.assign({}, init, { headers })];
          traceparent = h.traceparent;
        } else {
          traceparent = headers.get('traceparent');
        }
        if (wants(url)) request = o.detail.request(headers, init && init.body);
      } catch (e) {
        args = arguments;
      }
      const p = nativeFetch.apply(this, args);
      try {
        p.then(
          (res) => {
            if (!request) return report(start, method, url, res.status, traceparent);
            const done = (response) => report(start, method, url, res.status, traceparent, { request, response });
            try {
              fetchResponse(res).then(done, () => done(undefined));
            } catch (e) {
              done(undefined);
            }
          },
          () => report(start, method, url, 0, traceparent, request && { request }),
        );
      } catch (e) {
        // ignore
      }
      return p;
    };
    w.fetch = patched;
    restore.push(() => {
      if (w.fetch === patched) w.fetch = nativeFetch;
    });
  }

  const XHR = w.XMLHttpRequest;
  if (XHR && XHR.prototype) {
    const proto = XHR.prototype;
    const { open, send, setRequestHeader } = proto;
    const STATE = '__replaylink';
    proto.open = function (method, url) {
      try {
        this[STATE] = { method, url: String(url), headers: {} };
      } catch (e) {
        // ignore
      }
      return open.apply(this, arguments);
    };
    proto.setRequestHeader = function (name, value) {
      try {
        const s = this[STATE];
        if (s) {
          const n = String(name).toLowerCase();
          s.headers[n] = s.headers[n] ? `${s.headers[n]}, ${value}` : String(value);
        }
      } catch (e) {
        // ignore
      }
      return setRequestHeader.apply(this, arguments);
    };
    proto.send = function (body) {
      try {
        const s = this[STATE];
        if (s && !o.ignore(s.url)) {
          const start = Date.now();
          let traceparent = s.headers.traceparent;
          const h = headersFor(s.url, s.headers.traceparent, s.headers.baggage);
          if (h) {
            if (!h.kept) setRequestHeader.call(this, 'traceparent', h.traceparent);
            // XHR joins repeated headers with ", ": adding our entry keeps the app's baggage
            if (!/(^|,)\s*session\.id\s*=/.test(s.headers.baggage || '')) setRequestHeader.call(this, 'baggage', mergeBaggage('', o.sessionId()));
            traceparent = h.traceparent;
          }
          const request = wants(s.url) ? o.detail.request(s.headers, body) : null;
          this.addEventListener('loadend', () => {
            let detail;
            try {
              if (request) {
                const headers = {};
                for (const line of this.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
                  const i = line.indexOf(':');
                  if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
                }
                const t = this.responseType;
                const text = t === '' || t === 'text' ? this.responseText : t === 'json' && this.response != null ? JSON.stringify(this.response) : null;
                detail = { request, response: o.detail.response(headers, o.detail.textual(headers['content-type']) ? text : null) };
              }
            } catch (e) {
              detail = request ? { request } : undefined;
            }
            report(start, s.method, s.url, this.status || 0, traceparent, detail);
          });
        }
      } catch (e) {
        // ignore
      }
      return send.apply(this, arguments);
    };
    restore.push(() => {
      proto.open = open;
      proto.send = send;
      proto.setRequestHeader = setRequestHeader;
    });
  }

  return () => restore.forEach((r) => r());
}
