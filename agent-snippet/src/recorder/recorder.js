// The recorder: wires rrweb, page signals, sampling, the session and the transport together.
// Every entry point is guarded: nothing here may throw into the page.
import { record } from '@rrweb/record';
import { captureConsole, captureErrors, captureNavigation, selectorOf } from './capture.js';
import { ErrorBuffer } from './errorBuffer.js';
import { FrustrationDetector } from './frustration.js';
import { uuidv7 } from './ids.js';
import { instrumentNetwork } from './network.js';
import { networkDetail } from './networkDetail.js';
import { cleanAndMeasure, PRIVACY_STRICT, recordOptions } from './privacy.js';
import { BatchQueue, DROP_PAGE_EXIT, EVENT_FULL_SNAPSHOT, EVENT_META, EVENTS_DROPPED, countDrop, dropReport } from './queue.js';
import { MODE_BUFFER, MODE_FULL, MODE_OFF, chooseMode } from './sampling.js';
import { scrubbedParamNames, scrubUrl } from './scrub.js';
import { isExpired, refreshSession, resolveSession } from './session.js';
import { sessionRecord, windowRecord } from './persistence.js';
import { safe } from './guard.js';
import { askShouldRecord, urlExcluded } from './gate.js';
import { createTransport } from './transport.js';
import { Sender } from './sender.js';
import { normalizeOptions } from './options.js';
import {
  KIND_CONSOLE, KIND_ERROR, KIND_IDENTIFY, KIND_NAVIGATION, KIND_NETWORK, KIND_RECORDING_PAUSED, KIND_RECORDING_RESUMED, KIND_TRACK,
  PAUSE_EXCLUDED_PAGE, PAUSE_MANUAL, PAUSE_MUTATION_STORM,
} from '../../../protocol/src/main/js/protocol.js';

const BUFFER_CHECKOUT_MS = 30000;
// a paused mutation storm resumes after this long without another one (doubling per storm, at most
// STORM_CALM_MAX_MS), unless the page has more than STORM_MAX_NODES_FACTOR * mutationLimit elements
const STORM_CALM_MS = 2000;
const STORM_CALM_MAX_MS = 60000;
const STORM_MAX_NODES_FACTOR = 5;
const STORM = PAUSE_MUTATION_STORM;
const EXCLUDED = PAUSE_EXCLUDED_PAGE;
const MANUAL = PAUSE_MANUAL;
const EXCLUDED_RESUME_MS = 300;
const ACTIONABLE = 'a[href],button,input[type=submit],input[type=button],input[type=image],input[type=reset],[role=button],[role=link]';

/** Creates a recorder for validated options; call `start()` to begin (after consent, if needed). */
export function createRecorder(rawOptions) {
  const o = normalizeOptions(rawOptions);
  const names = scrubbedParamNames(o.scrubQueryParams);
  const strict = o.privacy === PRIVACY_STRICT;
  const sessionRec = sessionRecord();
  const windowRec = windowRecord();
  const nativeFetch = window.fetch.bind(window);
  const transport = createTransport(o.endpoint, o.key, nativeFetch, o.compressionWorker);
  const queue = new BatchQueue({ maxQueueBytes: o.maxQueueBytes });
  const buffer = new ErrorBuffer();
  const frustration = new FrustrationDetector();

  let session = null;
  let windowId = null;
  let started = false;
  let stopped = false;
  let rrwebStop = null;
  let expired = false;
  let pausedFor = null; // why recording is paused on this page: STORM, EXCLUDED or MANUAL
  let override = null; // this page's decision over sampling: 'full' (startRecording, shouldRecord) or 'off'
  let pauseMarked = false; // the current pause has a recording-paused marker
  let stormAt = 0;
  let storms = 0;
  let lastCheckout = 0;
  let lastPersist = 0;
  let dropsReported = false; // a drop report waits for the checkout that resumes the recording
  let pageLoad = null; // markers of this page load, added after its first full snapshot
  const removers = [];
  let watchMutations = () => {}; // sets what the recorder's own MutationObserver watches (installPageHooks)

  const mode = () => (session && !expired ? override || session.mode : MODE_OFF);
  const sender = new Sender({
    queue,
    transport,
    batchIntervalMs: o.batchIntervalMs,
    context: () => (session ? { sessionId: session.id, windowId, userId: session.userId } : null),
    onRefused: () => stopRrweb(),
  });
  const pump = () => sender.pump();
  // A full batch is sent from a task of its own, not inside rrweb's callback (serializing a large
  // full snapshot there would lengthen the page's task that produced it).
  let pumpTimer = null;
  const pumpSoon = () => {
    if (!pumpTimer) {
      pumpTimer = setTimeout(() => {
        pumpTimer = null;
        if (!stopped) pump();
      }, 0);
    }
  };
  // a session whose ID may be handed out: started, not expired, sampled in, service reachable
  const live = () => started && !stopped && !sender.refused && mode() !== MODE_OFF;
  const recording = () => live() && !pausedFor;

  function persistSession(now) {
    lastPersist = now;
    sessionRec.write(session);
  }

  function newSession(now) {
    const stored = sessionRec.read();
    const r = resolveSession(stored, now, () => chooseMode(o), o.idleTimeoutMs, o.maxSessionMs);
    session = r.session;
    persistSession(now);
    // the site's hook (after a startRecording() in this session, the session is recorded anyway)
    override = session.forced ? MODE_FULL : askShouldRecord(o.shouldRecord, {
      sessionId: session.id,
      url: scrubUrl(location.href, names),
      userId: session.userId || undefined,
      sampled: session.mode === MODE_FULL,
    });
    return r.created;
  }

  // ---- event pipeline ----

  function route(event, size) {
    if (!recording()) return;
    if (mode() === MODE_BUFFER) {
      buffer.push(event);
    } else if (queue.push(event, size)) {
      pumpSoon();
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
        pauseRecording(STORM);
        return;
      }
    }
    if (event.type === EVENT_META) lastCheckout = event.timestamp;
    const size = cleanAndMeasure(event, strict, names);
    route(event, size);
    if (event.type === EVENT_FULL_SNAPSHOT && pageLoad) {
      // after the snapshot, so that a buffer (which starts at one) keeps them too
      if (pageLoad.resumed) addCustom(KIND_RECORDING_RESUMED, { reason: EXCLUDED }, event.timestamp);
      addCustom(KIND_NAVIGATION, { url: pageLoad.url }, event.timestamp);
      pageLoad = null;
    }
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
    if (reason === STORM) {
      stormAt = Date.now();
      storms++;
    }
    if (pausedFor) {
      if (pausedFor !== MANUAL) pausedFor = reason; // the newer reason decides when it resumes
      return;
    }
    addCustom(KIND_RECORDING_PAUSED, { reason });
    pausedFor = reason;
    pauseMarked = true;
    stopRrweb();
    watchMutations();
    flush();
  }

  /** Ends a pause for `reason`; starting rrweb again takes a new full snapshot. */
  function resumeRecording(reason, beforeSnapshot) {
    if (pausedFor !== reason) return;
    pausedFor = null;
    if (pauseMarked) addCustom(KIND_RECORDING_RESUMED, { reason });
    pauseMarked = false;
    if (beforeSnapshot) beforeSnapshot();
    startRrweb();
  }

  /** The page's URL is excluded: pause (with a marker when something was being recorded). */
  function exclude() {
    if (recording()) pauseRecording(EXCLUDED);
    else if (pausedFor !== MANUAL) pausedFor = EXCLUDED;
  }

  function calmAfterStorm(now) {
    if (now - stormAt < Math.min(STORM_CALM_MAX_MS, STORM_CALM_MS * 2 ** (storms - 1))) return false;
    return document.getElementsByTagName('*').length <= o.mutationLimit * STORM_MAX_NODES_FACTOR;
  }

  // ---- on-error buffering ----

  // Buffer checkouts have their own timer (the batch tick may be slower), but timers of background
  // tabs run late: a buffer without a checkout in its window gets one before the event that sends it.
  function bufferCheckout(ifStale) {
    if (mode() === MODE_BUFFER && rrwebStop && recording() && (!ifStale || buffer.stale(Date.now()))) record.takeFullSnapshot(true);
  }

  function switchToFull() {
    if (!session || session.mode !== MODE_BUFFER || override === MODE_OFF) return;
    bufferCheckout(true);
    const events = buffer.drain(Date.now());
    session.mode = MODE_FULL;
    persistSession(Date.now());
    for (const e of events) queue.push(e);
    flush();
  }

  // ---- session lifecycle ----

  /**
   * Whether the session is still alive at `now` for some tab of the site: this tab's copy may be
   * idle while another tab kept the shared session going (its activity is taken over).
   */
  function alive(now) {
    if (!isExpired(session, now, o.idleTimeoutMs, o.maxSessionMs)) return true;
    const s = refreshSession(session, sessionRec.read(), now, o.idleTimeoutMs, o.maxSessionMs);
    if (s) session.lastActivity = s.lastActivity;
    return !!s;
  }

  function touch(now) {
    if (!session || stopped) return;
    if (expired || !alive(now)) {
      rotate(now);
      return;
    }
    session.lastActivity = now;
    if (now - lastPersist > 5000) {
      const stored = sessionRec.read();
      if (stored && stored.id === session.id && stored.userId && !session.userId) session.userId = stored.userId;
      if (stored && stored.id === session.id && stored.mode === MODE_FULL && session.mode === MODE_BUFFER) {
        switchToFull(); // another tab saw an error: send this tab's buffer too
      } else {
        persistSession(now);
      }
    }
  }

  function rotate(now) {
    stopRrweb();
    buffer.clear();
    const previous = session && session.id;
    const userId = session && session.userId;
    newSession(now);
    // a new session starts a new sequence; the same session (still alive in another tab) goes on
    // with this window's sequence, or the service would take its next batches for duplicates
    if (session.id !== previous) queue.reset();
    if (userId && !session.userId) session.userId = userId;
    expired = false;
    startRrweb();
  }

  // ---- transport ----

  function flush() {
    try {
      pollFrustration();
    } catch (e) {
      // ignore
    }
    return sender.flush();
  }

  function flushOnExit() {
    pollFrustration();
    sender.flushOnExit();
  }

  // ---- periodic work ----

  function pollFrustration() {
    for (const s of frustration.poll(Date.now())) addCustom(s.tag, s.payload, s.timestamp);
    watchMutations();
  }

  const tick = safe(() => {
    const now = Date.now();
    if (!session || stopped) return;
    if (!expired && !alive(now)) {
      expired = true; // wait for the user to come back before starting a new session
      stopRrweb();
    }
    pollFrustration();
    if (pausedFor === STORM && !expired && calmAfterStorm(now)) resumeRecording(STORM);
    // drops are reported once sending works again (a report made during an outage could be dropped
    // itself), followed by a new checkout: what comes after the gap replays from a full snapshot
    if (queue.dropped.events && !sender.failing && recording()) {
      addCustom(KIND_RECORDING_PAUSED, dropReport(queue.takeDropped()));
      dropsReported = true;
      queue.needsCheckout = true;
    }
    if (rrwebStop && recording() && mode() === MODE_FULL && (now - lastCheckout >= o.checkoutIntervalMs || queue.needsCheckout)) {
      queue.needsCheckout = false;
      if (dropsReported) addCustom(KIND_RECORDING_RESUMED, { reason: EVENTS_DROPPED });
      dropsReported = false;
      record.takeFullSnapshot(true);
    }
    if (mode() === MODE_BUFFER) {
      buffer.trim(now);
      const stored = sessionRec.read();
      if (stored && stored.id === session.id && stored.mode === MODE_FULL) switchToFull(); // another tab saw an error
    }
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
    bufferCheckout(true);
    const now = Date.now();
    addCustom(KIND_ERROR, payload, now);
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
      if (recording()) emitSignals(frustration.move(now, e.clientX, e.clientY, null, e.buttons), e.target);
    }, cap);
    listen(window, 'click', (e) => {
      if (!recording()) return;
      const el = e.target && e.target.nodeType === 1 ? e.target : e.target && e.target.parentElement;
      const actionable = !!(el && el.closest && el.closest(ACTIONABLE));
      emitSignals(frustration.click(Date.now(), e.clientX, e.clientY, el ? selectorOf(el) : '', actionable));
      watchMutations(); // before the page's own handlers react to this click
      setTimeout(safe(pollFrustration), 2600);
    }, cap);
    listen(window, 'pagehide', () => {
      flushOnExit();
      // the tab's next page goes on with this window: its seq, what could not be sent in time
      const rec = { windowId, sessionId: session && session.id, nextSeq: queue.nextSeq, ...sender.leftover() };
      if (pausedFor === EXCLUDED) rec.paused = EXCLUDED; // the next page says where recording resumes
      if (!windowRec.write(rec) && rec.carry) {
        countDrop(rec.dropped, DROP_PAGE_EXIT, rec.carry.count, 1, rec.carry.from, rec.carry.to);
        rec.carry = null;
        windowRec.write(rec);
      }
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
      // While paused for a storm it keeps watching, so the recorder knows when the page calmed down.
      // Text and attribute changes are watched only while they matter here: while a click waits
      // for the page's reaction (dead clicks) and while paused for a storm. Otherwise it watches
      // added and removed nodes only, the costly part of a storm, and is not called at all on a
      // page that keeps changing text or attributes (a storm of those still pauses the recording,
      // from rrweb's event: see onRrwebEvent).
      const all = { childList: true, subtree: true, attributes: true, characterData: true };
      const nodes = { childList: true, subtree: true };
      let watchingAll = null;
      const mo = new MutationObserver(safe((records) => {
        frustration.reaction(Date.now());
        if (recording() || pausedFor === STORM) {
          let n = records.length;
          for (let i = 0; i < records.length && n < o.mutationLimit; i++) {
            const r = records[i];
            if (r.type === 'childList') n += r.addedNodes.length;
          }
          if (n >= o.mutationLimit) pauseRecording(STORM);
        }
        watchMutations();
      }));
      watchMutations = () => {
        const wanted = pausedFor === STORM || frustration.waiting();
        if (wanted !== watchingAll) {
          watchingAll = wanted;
          mo.observe(document, wanted ? all : nodes);
        }
      };
      watchMutations();
      removers.push(() => mo.disconnect());
    }

    removers.push(captureErrors(safe(onError)));
    removers.push(captureConsole(safe((p) => {
      if (recording()) addCustom(KIND_CONSOLE, p);
    })));
    removers.push(captureNavigation(safe((url) => {
      frustration.reaction(Date.now());
      const navigated = () => {
        if (recording()) addCustom(KIND_NAVIGATION, { url: scrubUrl(url, names) });
      };
      if (urlExcluded(url, o.excludeUrls)) {
        exclude(); // nothing of an excluded page is recorded, not even its URL
        return;
      }
      if (pausedFor !== EXCLUDED) {
        navigated();
        return;
      }
      // An app often changes the URL first and renders the next page after it: the new full
      // snapshot waits a little, so it does not show the excluded page on its way out.
      setTimeout(safe(() => {
        if (location.href === url) resumeRecording(EXCLUDED, navigated);
      }), EXCLUDED_RESUME_MS);
    })));
    removers.push(instrumentNetwork({
      sessionId: () => (live() ? session.id : null),
      targets: o.tracePropagationTargets,
      sampleRate: o.traceSampleRate,
      detail: networkDetail(o),
      ignore: (url) => typeof url === 'string' && url.indexOf(transport.url) === 0,
      onRequest: safe((r) => {
        if (!recording()) return;
        const p = { method: r.method, url: scrubUrl(new URL(r.url, location.href).href, names), status: r.status, durationMs: r.durationMs };
        if (r.traceId) {
          p.traceId = r.traceId;
          p.spanId = r.spanId;
        }
        if (r.request) p.request = r.request;
        if (r.response) p.response = r.response;
        if (r.traceId && r.status >= 500) bufferCheckout(true);
        addCustom(KIND_NETWORK, p, r.timestamp);
        if (r.traceId && r.status >= 500) switchToFull();
      }),
    }));
    const timer = setInterval(tick, o.batchIntervalMs);
    const checkouts = setInterval(safe(() => bufferCheckout(false)), BUFFER_CHECKOUT_MS);
    removers.push(() => clearInterval(timer), () => clearInterval(checkouts));
  }

  // ---- public surface ----

  function start() {
    if (started || stopped) return;
    started = true;
    const now = Date.now();
    const continued = !newSession(now);
    const win = windowRec.read();
    windowRec.remove(); // a duplicated tab copies sessionStorage: it must not reuse this window ID
    windowId = win && typeof win.windowId === 'string' ? win.windowId : uuidv7(now);
    if (win && win.sessionId === session.id && win.nextSeq > 0) queue.nextSeq = win.nextSeq;
    if (win) queue.adopt(win.carry, win.dropped);
    installPageHooks();
    if (urlExcluded(location.href, o.excludeUrls)) {
      exclude();
    } else if (continued) {
      // a page load in a running session is a navigation like an SPA's (the session's first page
      // is its entry page instead); after an excluded page of this tab, recording resumes here
      pageLoad = { url: scrubUrl(location.href, names), resumed: !!win && win.sessionId === session.id && win.paused === EXCLUDED };
    }
    startRrweb();
  }

  /** Records this session in full from now on, over sampling and `shouldRecord`. */
  function startRecording() {
    if (!started || stopped || sender.refused || !session) return false;
    const now = Date.now();
    if (expired) touch(now);
    if (session.mode === MODE_BUFFER && override !== MODE_OFF) {
      switchToFull(); // keeps what the buffer holds
    }
    override = MODE_FULL;
    session.mode = MODE_FULL;
    session.forced = true;
    persistSession(now);
    if (pausedFor === MANUAL && urlExcluded(location.href, o.excludeUrls)) pausedFor = EXCLUDED;
    if (pausedFor === MANUAL) resumeRecording(MANUAL);
    else startRrweb();
    return true;
  }

  /** Stops recording on this page until startRecording(); sends what was recorded. */
  function stopRecording() {
    if (!started || stopped) return;
    if (recording()) pauseRecording(MANUAL);
    else pausedFor = MANUAL;
  }

  function stop(discard) {
    if (stopped) return Promise.resolve(true);
    const done = discard ? Promise.resolve(true) : flush();
    stopRrweb();
    stopped = true;
    const remove = () => {
      removers.splice(0).forEach((r) => {
        try {
          r();
        } catch (e) {
          // ignore
        }
      });
      sender.close();
    };
    if (discard) remove(); // at once, so a new recorder (consent() after optOut()) can hook the page
    return done.then((ok) => {
      remove();
      return ok;
    });
  }

  return {
    start,
    stop,
    startRecording,
    stopRecording,
    flush,
    sessionId: () => (live() ? session.id : null),
    replayUrl: () => (live() ? `${o.replayBaseUrl}/replay/${encodeURIComponent(session.id)}?t=${Date.now()}` : null),
    identify(userId) {
      if (!session || userId == null) return;
      session.userId = String(userId).slice(0, 256);
      persistSession(Date.now());
      addCustom(KIND_IDENTIFY, { userId: session.userId });
    },
    track(name, props) {
      addCustom(KIND_TRACK, { name: String(name).slice(0, 200), props: props === undefined ? {} : props });
    },
  };
}
