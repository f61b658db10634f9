// Session lifecycle: one session per site shared by its tabs, one window ID per tab.
import { uuidv7 } from './ids.js';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const MAX_SESSION_MS = 24 * 60 * 60 * 1000;

/** True when a stored session can no longer be continued at `now`. */
export function isExpired(session, now, idleMs = IDLE_TIMEOUT_MS, maxMs = MAX_SESSION_MS) {
  if (!session || typeof session.id !== 'string') return true;
  if (!(session.startedAt > 0) || !(session.lastActivity > 0)) return true;
  return now - session.lastActivity >= idleMs || now - session.startedAt >= maxMs || now < session.startedAt - 60000;
}

/**
 * Continues `stored` when it is still alive, otherwise creates a new session whose recording mode
 * is chosen by `chooseMode()` (sampling is decided once per session so all tabs agree).
 */
export function resolveSession(stored, now, chooseMode, idleMs, maxMs) {
  if (!isExpired(stored, now, idleMs, maxMs)) {
    return { session: { ...stored, lastActivity: Math.max(stored.lastActivity, now) }, created: false };
  }
  return { session: { id: uuidv7(now), startedAt: now, lastActivity: now, mode: chooseMode() }, created: true };
}

/**
 * This tab's copy of the session brought up to date with the shared record: activity in another
 * tab of the site keeps the session alive. Returns the session to continue at `now` (this tab's
 * copy with the later `lastActivity`), or null when it has expired for every tab.
 */
export function refreshSession(mine, stored, now, idleMs, maxMs) {
  let s = mine;
  if (mine && stored && stored.id === mine.id && stored.lastActivity > mine.lastActivity) s = { ...mine, lastActivity: stored.lastActivity };
  return isExpired(s, now, idleMs, maxMs) ? null : s;
}

/** Reads and writes JSON records in Web Storage, never throwing (storage may be disabled or full). */
export function storageRecord(storage, key) {
  return {
    read() {
      try {
        const raw = storage && storage.getItem(key);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    },
    /** True when the value was stored. */
    write(value) {
      try {
        if (storage) storage.setItem(key, JSON.stringify(value));
        return !!storage;
      } catch (e) {
        return false; // storage full or disabled: the session lives in memory only
      }
    },
    remove() {
      try {
        if (storage) storage.removeItem(key);
      } catch (e) {
        // ignore
      }
    },
  };
}
