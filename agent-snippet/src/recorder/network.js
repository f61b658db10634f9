// fetch and XMLHttpRequest instrumentation: trace headers for propagation targets and a `network`
// record for every request. Any failure inside the instrumentation falls back to the app's call.
import { mergeBaggage, newTraceparent, shouldPropagate, traceIdOf } from './propagation.js';

/**
 * @param {object} o
 * @param {() => string|null} o.sessionId  session to propagate, or null for none
 * @param {Array} o.targets                tracePropagationTargets
 * @param {(url: string) => boolean} o.ignore  requests never recorded (the recorder's own)
 * @param {(r: object) => void} o.onRequest `{timestamp, method, url, status, durationMs, traceId?}`
 * @returns {() => void} restores the originals
 */
export function instrumentNetwork(o) {
  const w = window;
  const origin = w.location.origin;
  const restore = [];

  function headersFor(url, existingTraceparent, existingBaggage) {
    const sid = o.sessionId();
    if (!sid || !shouldPropagate(url, o.targets, origin)) return null;
    const traceparent = existingTraceparent || newTraceparent();
    return { traceparent, baggage: mergeBaggage(existingBaggage, sid), traceId: traceIdOf(traceparent), kept: !!existingTraceparent };
  }

  function report(start, method, url, status, traceId) {
    try {
      if (o.ignore(url)) return;
      const r = { timestamp: start, method: String(method || 'GET').toUpperCase(), url: String(url), status, durationMs: Math.max(0, Date.now() - start) };
      if (traceId) r.traceId = traceId;
      o.onRequest(r);
    } catch (e) {
      // never disturb the app
    }
  }

  const nativeFetch = w.fetch;
  if (typeof nativeFetch === 'function') {
    const patched = function (input, init) {
      const start = Date.now();
      let args = arguments;
      let method = 'GET';
      let url = '';
      let traceId = null;
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
          traceId = h.traceId;
        } else {
          traceId = traceIdOf(headers.get('traceparent'));
        }
      } catch (e) {
        args = arguments;
      }
      const p = nativeFetch.apply(this, args);
      try {
        p.then(
          (res) => report(start, method, url, res.status, traceId),
          () => report(start, method, url, 0, traceId),
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
    proto.send = function () {
      try {
        const s = this[STATE];
        if (s && !o.ignore(s.url)) {
          const start = Date.now();
          let traceId = traceIdOf(s.headers.traceparent);
          const h = headersFor(s.url, s.headers.traceparent, s.headers.baggage);
          if (h) {
            if (!h.kept) setRequestHeader.call(this, 'traceparent', h.traceparent);
            // XHR joins repeated headers with ", ": adding our entry keeps the app's baggage
            if (!/(^|,)\s*session\.id\s*=/.test(s.headers.baggage || '')) setRequestHeader.call(this, 'baggage', mergeBaggage('', o.sessionId()));
            traceId = h.traceId;
          }
          this.addEventListener('loadend', () => report(start, s.method, s.url, this.status || 0, traceId));
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
