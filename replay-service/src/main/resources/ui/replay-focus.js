// Recorded focus changes, replayed through rrweb's public API only (its `events` and `plugins`
// options and the replayer's `flush` event). While the replayer fast-forwards (a seek applies every
// event since the checkout at once) rrweb would blur each recorded blur on the rebuilt page, and
// each such call can make the browser recompute styles. Only the last change decides what the
// target moment looks like, so the player gets focus changes as custom events that rrweb passes
// over, and the plugin applies them: at once during playback, the last one when a fast-forward ends.
// The replay page sets triggerFocus: false (a replayed focus() would take this page's keyboard
// focus), so only blurs have an effect; focuses are kept to know which change came last.
import { EventType, IncrementalSource, MouseInteraction } from './rrweb.js';

/** Tag of the custom events that stand for recorded focus changes in the player's copy of the events. */
export const FOCUS_TAG = 'replaylink-focus';

/** Whether a recorded event is a focus or blur of an element. */
export function isFocusChange(e) {
  return e.type === EventType.INCREMENTAL_SNAPSHOT && !!e.data && e.data.source === IncrementalSource.MOUSE_INTERACTION
    && (e.data.type === MouseInteraction.FOCUS || e.data.type === MouseInteraction.BLUR);
}

/** The events for the player: each focus change replaced by a custom event at the same moment; the rest unchanged. */
export function deferFocusChanges(events) {
  return events.map((e) => (isFocusChange(e)
    ? { type: EventType.CUSTOM, timestamp: e.timestamp, data: { tag: FOCUS_TAG, payload: { id: e.data.id, blur: e.data.type === MouseInteraction.BLUR } } }
    : e));
}

function focusChangeOf(event) {
  return event.type === EventType.CUSTOM && event.data && event.data.tag === FOCUS_TAG ? event.data.payload : null;
}

function apply(replayer, change) {
  if (!change.blur) return;
  const target = replayer.getMirror().getNode(change.id);
  if (target && typeof target.blur === 'function') target.blur();
}

/**
 * The rrweb replayer plugin that applies deferred focus changes; call `attach(replayer)` once the
 * replayer exists, to apply the last change of each fast-forward when it ends.
 */
export function focusPlugin() {
  let last = null;
  return {
    handler(event, isSync, { replayer }) {
      const change = focusChangeOf(event);
      if (!change) return;
      if (isSync) {
        last = change;
      } else {
        last = null;
        apply(replayer, change);
      }
    },
    attach(replayer) {
      replayer.on('flush', () => {
        if (!last) return;
        const change = last;
        last = null;
        apply(replayer, change);
      });
    },
  };
}
