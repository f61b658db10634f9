// On-error buffering: keeps the last 60 s of events, always starting at a full snapshot.
import { EVENT_META } from './queue.js';

export const BUFFER_WINDOW_MS = 60 * 1000;

/**
 * Events are grouped in segments that each begin with a Meta + FullSnapshot pair (a checkout).
 * Segments that started more than `windowMs` ago are dropped as soon as a newer segment exists.
 */
export class ErrorBuffer {
  constructor(windowMs = BUFFER_WINDOW_MS) {
    this.windowMs = windowMs;
    this.segments = [];
  }

  push(event) {
    if (!this.segments.length && event.type !== EVENT_META) return; // nothing to replay it on
    if (event.type === EVENT_META) {
      this.segments.push({ start: event.timestamp, events: [event] });
    } else {
      this.segments[this.segments.length - 1].events.push(event);
    }
    this.trim(event.timestamp);
  }

  trim(now) {
    const cutoff = now - this.windowMs;
    while (this.segments.length > 1 && this.segments[0].start < cutoff) this.segments.shift();
  }

  /** True when no checkout lies within the window at `now`: one is needed before `drain(now)`. */
  stale(now) {
    const n = this.segments.length;
    return !n || this.segments[n - 1].start < now - this.windowMs;
  }

  /**
   * The events to send at `now`: from the oldest checkout within the window, none when there is no
   * such checkout (an older one would reach back further than the window).
   */
  drain(now) {
    this.trim(now);
    const cutoff = now - this.windowMs;
    const i = this.segments.findIndex((s) => s.start >= cutoff);
    const segs = i < 0 ? [] : this.segments.slice(i);
    this.segments = [];
    const out = [];
    for (const s of segs) for (const e of s.events) out.push(e);
    return out;
  }

  clear() {
    this.segments = [];
  }
}
