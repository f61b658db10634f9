// The recorder: wires rrweb, page signals, sampling, the session and the transport together.
// Every entry point is guarded: nothing here may throw into the page.
import { record } from '@rrweb/record';
import { captureConsole, captureErrors, captureNavigation, selectorOf } from './capture.js';
import { ErrorBuffer } from './errorBuffer.js';
import { FrustrationDetector } from './frustration.js';
import { uuidv7 } from './ids.js';
import { instrumentNetwork } from './network.js';
import { cleanEvent, PRIVACY_STRICT, recordOptions } from './privacy.js';
import { BatchQueue, EVENT_META, isRetryable, retryDelay } from './queue.js';
import { MODE_BUFFER, MODE_FULL, MODE_OFF, chooseMode } from './sampling.js';
import { scrubbedParamNames, scrubUrl } from './scrub.js';
import { isExpired, resolveSession, storageRecord } from './session.js';
import { batchBody, createTransport } from './transport.js';
import { normalizeOptions } from './options.js';

const SESSION_KEY = 'replaylink.session';
const WINDOW_KEY = 'replaylink.window';
const CONSENT_KEY = 'replaylink.consent';
const OPTOUT_KEY = 'replaylink.optout';
const BUFFER_CHECKOUT_MS = 30000;
const EXIT_BATCH_BYTES = 56 * 1024;
const EXIT_MAX_BATCHES = 4;
const ACTIONABLE = 'a[href],button,input[type=submit],input[type=button],input[type=image],input[type=reset],[role=button],[role=link]';

export function safe(fn) {
  return function () {
    try {
      return fn.apply(this, arguments);
    } catch (e) {
      return undefined;
    }
  };
}

function localStore() {
  try {
    return window.localStorage;
  } catch (e) {
    return null;
  }
}

function sessionStore() {
  try {
    return window.sessionStorage;
  } catch (e) {
    return null;
  }
}

export function isOptedOut() {
  return storageRecord(localStore(), OPTOUT_KEY).read() === 1;
}

export function hasConsent() {
  return storageRecord(localStore(), CONSENT_KEY).read() === 1;
}

export function rememberConsent(given) {
  const consent = storageRecord(localStore(), CONSENT_KEY);
  const optOut = storageRecord(localStore(), OPTOUT_KEY);
  if (given) {
    consent.write(1);
    optOut.remove();
  } else {
    consent.remove();
    optOut.write(1);
    storageRecord(localStore(), SESSION_KEY).remove();
  }
}

/** Creates a recorder for validated options; call `start()` to begin (after consent, if needed). */
export function createRecorder(rawOptions) {
  const o = normalizeOptions(rawOptions);
  const names = scrubbedParamNames(o.scrubQueryParams);
  const strict = o.privacy === PRIVACY_STRICT;
  const sessionRec = storageRecord(localStore(), SESSION_KEY);
  const windowRec = storageRecord(sessionStore(), WINDOW_KEY);
  const nativeFetch = window.fetch.bind(window);
  const transport = createTransport(o.endpoint, o.key, nativeFetch);
  const queue = new BatchQueue({ maxQueueBytes: o.maxQueueBytes });
  const buffer = new ErrorBuffer();
  const frustration = new FrustrationDetector();

  let session = null;
  let windowId = null;
  let started = false;
  let stopped = false;
  let rrwebStop = null;
  let expired = false;
  let paused = false;
  let disabled = false;
  let sending = false;
  let retryTimer = null;
  let lastCheckout = 0;
  let lastPersist = 0;
  let waiters = [];
  const removers = [];

  const mode = () => (session && !expired ? session.mode : MODE_OFF);
  const recording = () => started && !stopped && !paused && !disabled && session && !expired && session.mode !== MODE_OFF;

  function persistSession(now) {
    lastPersist = now;
    sessionRec.write(session);
  }

  function newSession(now) {
    const stored = sessionRec.read();
    const r = resolveSession(stored, now, () => chooseMode(o), o.idleTimeoutMs, o.maxSessionMs);
    session = r.session;
    persistSession(now);
    return r.created;
  }

  // ---- event pipeline ----

  function route(event) {
    if (!recording()) return;
    if (session.mode === MODE_BUFFER) {
      buffer.push(event);
    } else if (queue.push(event)) {
      pump();
    }
  }

  function addCustom(tag, payload, timestamp) {
    route({ type: 5, timestamp: timestamp || Date.now(), data: { tag, payload } });
  }

  const onRrwebEvent = safe((event) => {
    if (!recording()) return;
    const d = event.data;
    if (event.type === 3 && d && d.source === 0) {
      const n = (d.adds ? d.adds.length : 0) + (d.removes ? d.removes.length : 0) + (d.attributes ? d.attributes.length : 0) + (d.texts ? d.texts.length : 0);
      if (n >= o.mutationLimit) {
        pauseRecording('mutation-storm');
        return;
      }
    }
    if (event.type === EVENT_META) lastCheckout = event.timestamp;
    route(cleanEvent(event, strict, names));
  });

  function startRrweb() {
    if (rrwebStop || !recording()) return;
    rrwebStop = record({ ...recordOptions(o.privacy), emit: onRrwebEvent, errorHandler: () => true }) || null;
  }

  function stopRrweb() {
    if (rrwebStop) {
      try {
        rrwebStop();
      } catch (e) {
        // ignore
      }
      rrwebStop = null;
    }
  }

  function pauseRecording(reason) {
    addCustom('recording-paused', { reason });
    paused = true;
    stopRrweb();
    flush();
  }

  // ---- on-error buffering ----

  function switchToFull() {
    if (!session || session.mode !== MODE_BUFFER) return;
    const events = buffer.drain(Date.now());
    session.mode = MODE_FULL;
    persistSession(Date.now());
    for (const e of events) queue.push(e);
    flush();
  }

  // ---- session lifecycle ----

  function touch(now) {
    if (!session || stopped) return;
    if (expired || isExpired(session, now, o.idleTimeoutMs, o.maxSessionMs)) {
      rotate(now);
      return;
    }
    session.lastActivity = now;
    if (now - lastPersist > 5000) {
      const stored = sessionRec.read();
      if (stored && stored.id === session.id) {
        session.mode = stored.mode === MODE_FULL ? MODE_FULL : session.mode;
        if (stored.userId && !session.userId) session.userId = stored.userId;
      }
      persistSession(now);
    }
  }

  function rotate(now) {
    stopRrweb();
    const dropped = queue.pending.length;
    queue.reset();
    buffer.clear();
    if (dropped) queue.dropped.events += dropped;
    const userId = session && session.userId;
    newSession(now);
    if (userId && !session.userId) session.userId = userId;
    expired = false;
    startRrweb();
  }

  // ---- transport ----

  function notify(ok) {
    const w = waiters;
    waiters = [];
    w.forEach((fn) => fn(ok));
  }

  function pump() {
    if (sending || retryTimer || disabled || !session) return;
    const batch = queue.take();
    if (!batch) {
      notify(true);
      return;
    }
    if (!batch.sessionId) batch.sessionId = session.id;
    sending = true;
    const body = batchBody({ sessionId: batch.sessionId, windowId }, batch.seq, Date.now(), session.userId, batch.json);
    transport.send(body).then(
      safe((status) => {
        sending = false;
        if (queue.head !== batch) return pump();
        if (status >= 200 && status < 300) {
          queue.ack();
          const oldest = queue.oldestPending();
          if (queue.pendingBytes >= queue.limits.maxBatchBytes || (oldest !== null && Date.now() - oldest >= o.batchIntervalMs) || waiters.length) pump();
        } else if (isRetryable(status)) {
          batch.attempts++;
          retryTimer = setTimeout(() => {
            retryTimer = null;
            pump();
          }, retryDelay(batch.attempts));
          notify(false);
        } else {
          queue.reject();
          if (status === 401 || status === 403) {
            disabled = true; // wrong key or origin: sending again cannot succeed
            stopRrweb();
            notify(false);
          } else {
            pump();
          }
        }
      }),
    );
  }

  function flush() {
    return new Promise((resolve) => {
      try {
        pollFrustration();
        if (queue.isEmpty() && !sending) return resolve(true);
        waiters.push(resolve);
        if (retryTimer) {
          clearTimeout(retryTimer);
          retryTimer = null;
        }
        pump();
      } catch (e) {
        resolve(false);
      }
    });
  }

  function flushOnExit() {
    pollFrustration();
    if (!session) return;
    if (queue.head && queue.head.bytes > EXIT_BATCH_BYTES) return;
    for (let i = 0; i < EXIT_MAX_BATCHES; i++) {
      const batch = queue.head || takeSmall();
      if (!batch) break;
      if (!batch.sessionId) batch.sessionId = session.id;
      transport.sendOnExit(batchBody({ sessionId: batch.sessionId, windowId }, batch.seq, Date.now(), session.userId, batch.json));
      queue.ack();
    }
  }

  function takeSmall() {
    const saved = queue.limits.maxBatchBytes;
    queue.limits.maxBatchBytes = EXIT_BATCH_BYTES;
    try {
      const b = queue.take();
      return b && b.bytes <= EXIT_BATCH_BYTES ? b : (b && queue.reject(), null);
    } finally {
      queue.limits.maxBatchBytes = saved;
    }
  }

  // ---- periodic work ----

  function pollFrustration() {
    for (const s of frustration.poll(Date.now())) addCustom(s.tag, s.payload, s.timestamp);
  }

  const tick = safe(() => {
    const now = Date.now();
    if (!session || stopped) return;
    if (!expired && isExpired(session, now, o.idleTimeoutMs, o.maxSessionMs)) {
      expired = true; // wait for the user to come back before starting a new session
      stopRrweb();
    }
    pollFrustration();
    const interval = session.mode === MODE_BUFFER ? BUFFER_CHECKOUT_MS : o.checkoutIntervalMs;
    if (rrwebStop && recording() && (now - lastCheckout >= interval || queue.needsCheckout)) {
      queue.needsCheckout = false;
      record.takeFullSnapshot(true);
    }
    if (session.mode === MODE_BUFFER) {
      buffer.trim(now);
      const stored = sessionRec.read();
      if (stored && stored.id === session.id && stored.mode === MODE_FULL) switchToFull(); // another tab saw an error
    }
    const d = queue.takeDropped();
    if (d.events) addCustom('recording-paused', { reason: 'service-unreachable', droppedEvents: d.events, droppedBatches: d.batches });
    pump();
  });

  // ---- page listeners ----

  function listen(target, type, fn, opts) {
    const h = safe(fn);
    target.addEventListener(type, h, opts);
    removers.push(() => target.removeEventListener(type, h, opts));
  }

  function emitSignals(signals, el) {
    for (const s of signals) {
      if (s.payload.selector == null) s.payload.selector = el ? selectorOf(el) : '';
      addCustom(s.tag, s.payload, s.timestamp);
    }
  }

  function onError(payload) {
    if (!session || stopped || mode() === MODE_OFF) return;
    const now = Date.now();
    addCustom('error', payload, now);
    emitSignals(frustration.error(now));
    switchToFull();
  }

  function installPageHooks() {
    const cap = { capture: true, passive: true };
    let lastMove = 0;
    listen(window, 'pointerdown', () => touch(Date.now()), cap);
    listen(window, 'keydown', () => touch(Date.now()), cap);
    listen(window, 'touchstart', () => touch(Date.now()), cap);
    listen(window, 'scroll', () => {
      frustration.reaction(Date.now());
      touch(Date.now());
    }, cap);
    listen(window, 'mousemove', (e) => {
      const now = Date.now();
      if (now - lastMove > 1000) {
        lastMove = now;
        touch(now);
      }
      if (recording()) emitSignals(frustration.move(now, e.clientX, e.clientY, null), e.target);
    }, cap);
    listen(window, 'click', (e) => {
      if (!recording()) return;
      const el = e.target && e.target.nodeType === 1 ? e.target : e.target && e.target.parentElement;
      const actionable = !!(el && el.closest && el.closest(ACTIONABLE));
      emitSignals(frustration.click(Date.now(), e.clientX, e.clientY, el ? selectorOf(el) : '', actionable));
      setTimeout(safe(pollFrustration), 2600);
    }, cap);
    listen(window, 'pagehide', () => {
      flushOnExit();
      windowRec.write({ windowId, sessionId: session && session.id, nextSeq: queue.nextSeq });
    });
    listen(window, 'pageshow', (e) => {
      if (e.persisted) windowRec.remove();
    });
    listen(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });

    if (typeof MutationObserver === 'function') {
      // Created before rrweb's observer, so it sees a storm first and can stop rrweb before rrweb
      // serializes it.
      const mo = new MutationObserver(safe((records) => {
        frustration.reaction(Date.now());
        if (records.length >= o.mutationLimit && recording()) pauseRecording('mutation-storm');
      }));
      mo.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
      removers.push(() => mo.disconnect());
    }

    removers.push(captureErrors(safe(onError)));
    removers.push(captureConsole(safe((p) => {
      if (recording()) addCustom('console', p);
    })));
    removers.push(captureNavigation(safe((url) => {
      frustration.reaction(Date.now());
      if (recording()) addCustom('navigation', { url: scrubUrl(url, names) });
    })));
    removers.push(instrumentNetwork({
      sessionId: () => (session && !stopped && !disabled && session.mode !== MODE_OFF ? session.id : null),
      targets: o.tracePropagationTargets,
      ignore: (url) => typeof url === 'string' && url.indexOf(transport.url) === 0,
      onRequest: safe((r) => {
        if (!recording()) return;
        const p = { method: r.method, url: scrubUrl(new URL(r.url, location.href).href, names), status: r.status, durationMs: r.durationMs };
        if (r.traceId) p.traceId = r.traceId;
        addCustom('network', p, r.timestamp);
        if (r.traceId && r.status >= 500) switchToFull();
      }),
    }));
    const timer = setInterval(tick, o.batchIntervalMs);
    removers.push(() => clearInterval(timer));
  }

  // ---- public surface ----

  function start() {
    if (started || stopped) return;
    started = true;
    const now = Date.now();
    newSession(now);
    const win = windowRec.read();
    windowRec.remove(); // a duplicated tab copies sessionStorage: it must not reuse this window ID
    windowId = win && typeof win.windowId === 'string' ? win.windowId : uuidv7(now);
    if (win && win.sessionId === session.id && win.nextSeq > 0) queue.nextSeq = win.nextSeq;
    installPageHooks();
    startRrweb();
  }

  function stop(discard) {
    if (stopped) return Promise.resolve(true);
    const done = discard ? Promise.resolve(true) : flush();
    stopRrweb();
    stopped = true;
    return done.then((ok) => {
      removers.splice(0).forEach((r) => {
        try {
          r();
        } catch (e) {
          // ignore
        }
      });
      if (retryTimer) clearTimeout(retryTimer);
      return ok;
    });
  }

  return {
    start,
    stop,
    flush,
    sessionId: () => (session && !stopped && session.mode !== MODE_OFF ? session.id : null),
    replayUrl: () => (session && !stopped && session.mode !== MODE_OFF ? `${o.replayBaseUrl}/replay/${encodeURIComponent(session.id)}?t=${Date.now()}` : null),
    identify(userId) {
      if (!session || userId == null) return;
      session.userId = String(userId).slice(0, 256);
      persistSession(Date.now());
      addCustom('identify', { userId: session.userId });
    },
    track(name, props) {
      addCustom('track', { name: String(name).slice(0, 200), props: props === undefined ? {} : props });
    },
  };
}
