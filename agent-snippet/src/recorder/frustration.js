// Frustration signals derived from clicks, pointer movement and page reactions. Pure logic: the
// caller feeds observations with their times and turns the returned signals into custom events.
import { KIND_DEAD_CLICK, KIND_ERROR_CLICK, KIND_MOUSE_THRASH, KIND_RAGE_CLICK } from '../../../protocol/src/main/js/protocol.js';

export const RAGE_CLICKS = 3;
export const RAGE_INTERVAL_MS = 1000;
export const RAGE_DISTANCE_PX = 30;
export const DEAD_CLICK_MS = 2500;
export const ERROR_CLICK_MS = 1000;
export const THRASH_REVERSALS = 5;
export const THRASH_DISTANCE_PX = 40;
export const THRASH_WINDOW_MS = 1500;
const NONE = Object.freeze([]);

/**
 * Detects `rage-click`, `dead-click`, `error-click` and `mouse-thrash`. Every method returns an
 * array of signals `{tag, timestamp, payload: {x, y, selector}}` (usually empty).
 */
export class FrustrationDetector {
  constructor() {
    this.streak = [];
    this.rageReported = false;
    this.pendingDead = [];
    this.lastClick = null;
    this.lastReaction = -Infinity;
    this.thrash = { dir: 0, turn: undefined, extreme: 0, reversals: [], reported: false, last: -Infinity };
  }

  /** A click at (x, y); `actionable` when the target is a button, link or submit input. */
  click(time, x, y, selector, actionable) {
    const out = [];
    const click = { time, x, y, selector };
    const prev = this.streak[this.streak.length - 1];
    if (prev && time - prev.time < RAGE_INTERVAL_MS && Math.hypot(x - prev.x, y - prev.y) < RAGE_DISTANCE_PX) {
      this.streak.push(click);
    } else {
      this.streak = [click];
      this.rageReported = false;
    }
    if (this.streak.length >= RAGE_CLICKS && !this.rageReported) {
      this.rageReported = true;
      out.push(signal(KIND_RAGE_CLICK, time, click));
      // a rage click is already the louder signal for these clicks
      this.pendingDead = this.pendingDead.filter((d) => d.time < this.streak[0].time);
    }
    if (actionable && !this.rageReported) this.pendingDead.push(click);
    this.lastClick = click;
    this.thrash.reversals = [];
    this.thrash.reported = false;
    return out;
  }

  /** The page reacted (DOM mutation, navigation or scroll): pending clicks are not dead. */
  reaction(time) {
    this.lastReaction = time;
    // called for every batch of DOM mutations: no new array while no click waits
    if (this.pendingDead.length) this.pendingDead = this.pendingDead.filter((d) => d.time > time);
    return NONE;
  }

  /** Whether a click waits for the page's reaction (until `reaction()` or `poll()` settles it). */
  waiting() {
    return this.pendingDead.length > 0;
  }

  /** An uncaught error or unhandled rejection. */
  error(time) {
    const c = this.lastClick;
    if (c && time >= c.time && time - c.time <= ERROR_CLICK_MS) {
      this.lastClick = null;
      this.pendingDead = this.pendingDead.filter((d) => d !== c); // reported as the louder error click
      return [signal(KIND_ERROR_CLICK, c.time, c)];
    }
    return [];
  }

  /** Clicks that got no reaction within the dead-click window, as of `now`. */
  poll(now) {
    const out = [];
    this.pendingDead = this.pendingDead.filter((d) => {
      if (now - d.time < DEAD_CLICK_MS) return true;
      out.push(signal(KIND_DEAD_CLICK, d.time, d));
      return false;
    });
    return out;
  }

  /**
   * Pointer movement (`buttons`: mouse buttons held). Reports horizontal back-and-forth without
   * clicking: THRASH_REVERSALS direction reversals, each after a leg of at least THRASH_DISTANCE_PX,
   * within THRASH_WINDOW_MS. One signal per episode: after a report, the next one needs a pause of
   * THRASH_WINDOW_MS without reversals (or a click) first. Moves with a button held (dragging,
   * selecting text) are not thrash.
   */
  move(time, x, y, selector, buttons) {
    const t = this.thrash;
    if (buttons) {
      this.thrash = { dir: 0, turn: undefined, extreme: 0, reversals: [], reported: t.reported, last: t.last };
      return [];
    }
    if (t.turn === undefined) {
      t.turn = t.extreme = x;
      return [];
    }
    if (t.dir === 0) {
      if (Math.abs(x - t.turn) >= THRASH_DISTANCE_PX) {
        t.dir = x > t.turn ? 1 : -1;
        t.extreme = x;
      }
      return [];
    }
    if ((x - t.extreme) * t.dir > 0) {
      t.extreme = x;
    } else if ((t.extreme - x) * t.dir >= THRASH_DISTANCE_PX) {
      if (t.reported && time - t.last > THRASH_WINDOW_MS) t.reported = false; // a new episode
      t.reversals.push(time);
      t.last = time;
      t.turn = t.extreme;
      t.dir = -t.dir;
      t.extreme = x;
    }
    if (t.reversals.length && time - t.reversals[0] > THRASH_WINDOW_MS) t.reversals = t.reversals.filter((r) => time - r <= THRASH_WINDOW_MS);
    if (t.reversals.length >= THRASH_REVERSALS && !t.reported) {
      t.reversals = [];
      t.reported = true;
      return [signal(KIND_MOUSE_THRASH, time, { x, y, selector })];
    }
    return [];
  }
}

function signal(tag, timestamp, c) {
  return { tag, timestamp, payload: { x: Math.round(c.x), y: Math.round(c.y), selector: c.selector } };
}
