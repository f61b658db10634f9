package dev.replaylink.service.index;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The recorded node IDs, per recording window, of form fields and of the nodes inside them (a
 * textarea's text, an option's label), so that a later mutation changing such a text node or adding
 * one under such a field is masked although the field itself was recorded in an earlier batch.
 *
 * <p>Kept in memory and bounded: at most {@link #MAX_WINDOWS} windows (least recently used go) and
 * {@link #MAX_IDS_PER_WINDOW} IDs each. A window that outgrows its bound is <em>saturated</em>: from
 * then on every text it changes or adds is masked, so the bound costs fidelity, never privacy. A window
 * whose full snapshot this instance did not see (it started later, or another instance took that
 * batch) is unknown: its text mutations are kept, since they cannot be told apart. Thread-safe.
 */
final class FormFieldIds {
  static final int MAX_WINDOWS = 1024;
  static final int MAX_IDS_PER_WINDOW = 2048;

  /** The form-field node IDs of one window; {@code saturated} once it outgrew its bound. */
  static final class Window {
    private final Set<Integer> ids = new HashSet<>();
    private boolean saturated;

    /** A window tracked for one event only (tests, callers without a window). */
    static Window detached() {
      return new Window();
    }

    synchronized void reset() {
      ids.clear();
      saturated = false;
    }

    synchronized void add(int id) {
      if (saturated) {
        return;
      }
      if (ids.size() >= MAX_IDS_PER_WINDOW) {
        saturated = true;
        ids.clear();
      } else {
        ids.add(id);
      }
    }

    synchronized boolean contains(int id) {
      return saturated || ids.contains(id);
    }
  }

  private final Map<String, Window> windows = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
      return size() > MAX_WINDOWS;
    }
  };

  /** The tracked IDs of this recording window, created empty when unknown. */
  synchronized Window window(String project, String sessionId, String windowId) {
    return windows.computeIfAbsent(project + '\n' + sessionId + '\n' + windowId, k -> new Window());
  }
}
