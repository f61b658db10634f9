// Replaylink browser recorder: public API (ES module). The script-tag build assigns it to
// window.Replaylink (see iife.js). No function here throws into the page.
import { createRecorder } from './recorder.js';
import { hasConsent, isOptedOut, rememberConsent } from './persistence.js';
import { safe } from './guard.js';
import { normalizeOptions } from './options.js';
import { doNotTrack } from './gate.js';

let recorder = null;
let pendingStart = false;
let initialized = false;
let opts = null;
let optedOutHere = false; // optOut() stopped the recorder of this page

/** Starts recording (or waits for `consent()` when `requireConsent` is set). Returns false on bad options. */
export const init = safe((options) => {
  if (initialized) return true;
  if (typeof window === 'undefined' || typeof document === 'undefined') return false;
  let o;
  try {
    o = normalizeOptions(options);
  } catch (e) {
    if (window.console) window.console.warn(e.message);
    return false;
  }
  initialized = true;
  // Do Not Track / Global Privacy Control: no recorder at all, so nothing can start one
  if (o.respectDoNotTrack && doNotTrack(window.navigator, window)) return true;
  opts = o;
  recorder = createRecorder(o);
  if (isOptedOut() || (o.requireConsent && !hasConsent())) {
    pendingStart = true;
    return true;
  }
  recorder.start();
  return true;
});

/** The current session ID, or null when nothing is recorded. */
export const getSessionId = safe(() => (recorder ? recorder.sessionId() : null)) ;

/** Link to the replay at this moment, or null. */
export const getReplayUrl = safe(() => (recorder ? recorder.replayUrl() : null));

/** Associates the session with a user ID of the app. */
export const identify = safe((userId) => {
  if (recorder) recorder.identify(userId);
});

/** Adds a custom `track` marker. */
export const track = safe((name, props) => {
  if (recorder) recorder.track(name, props);
});

/** Records from now on (and on later page loads) when `requireConsent` was set or after `optOut()`. */
export const consent = safe(() => {
  rememberConsent(true);
  if (recorder && optedOutHere) {
    recorder = createRecorder(opts); // optOut() earlier on this page: a new session
    pendingStart = true;
  }
  optedOutHere = false;
  if (recorder && pendingStart) {
    pendingStart = false;
    recorder.start();
  }
});

/** Stops recording, discards unsent data and remembers the choice on this site. */
export const optOut = safe(() => {
  rememberConsent(false);
  pendingStart = false;
  if (recorder) {
    optedOutHere = true;
    recorder.stop(true);
  }
});

/**
 * Records this session in full from now on (this page and the session's later pages), whatever
 * sampling and `shouldRecord` decided. Consent, opt-out, Do Not Track and excluded pages still
 * win. Returns true when recording (or paused only for an excluded page or a mutation storm).
 */
export const startRecording = safe(() => !!(recorder && !pendingStart && !isOptedOut() && recorder.startRecording()));

/** Stops recording on this page (a `recording-paused` marker, reason 'manual') until startRecording(). */
export const stopRecording = safe(() => {
  if (recorder) recorder.stopRecording();
});

/** Sends everything recorded so far; resolves true when the service has it. Never rejects. */
export function flush() {
  try {
    return recorder ? recorder.flush() : Promise.resolve(true);
  } catch (e) {
    return Promise.resolve(false);
  }
}

/** Sends what is pending and stops recording on this page. */
export function stop() {
  try {
    return recorder ? recorder.stop(false) : Promise.resolve(true);
  } catch (e) {
    return Promise.resolve(false);
  }
}
