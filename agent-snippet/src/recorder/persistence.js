// What the recorder keeps in Web Storage: the shared session (localStorage), this tab's window
// (sessionStorage), and the visitor's consent choice (localStorage).
import { storageRecord } from './session.js';

const SESSION_KEY = 'replaylink.session';
const WINDOW_KEY = 'replaylink.window';
const CONSENT_KEY = 'replaylink.consent';
const OPTOUT_KEY = 'replaylink.optout';

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


/** The session shared by the site's tabs. */
export function sessionRecord() {
  return storageRecord(localStore(), SESSION_KEY);
}

/** This tab's window ID and next seq, written on pagehide for the next page of the tab. */
export function windowRecord() {
  return storageRecord(sessionStore(), WINDOW_KEY);
}
