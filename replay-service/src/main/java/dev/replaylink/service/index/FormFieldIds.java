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
 * {@link #MAX_IDS_PER_WINDOW} IDs each. A window that outgrows its bound is <em>saturated</em>:
 * from then on every text it changes or adds is masked, so the bound costs fidelity, never privacy.
 * A window whose full snapshot this instance did not see (it started later, or another instance
 * took that batch) is unknown: its text mutations are kept, since they cannot be told apart.
 *
 * <p>An element that a later change makes {@code contenteditable} is a field from then on, and so
 * is everything already inside it: for that each window also remembers every node's parent ({@link
 * NodeParents}, bounded the same way; a window that outgrew it is saturated when one of its
 * elements becomes editable). Thread-safe.
 */
final class FormFieldIds {
  static final int MAX_WINDOWS = 1024;
  static final int MAX_IDS_PER_WINDOW = 2048;

  /** The form-field node IDs of one window; {@code saturated} once it outgrew its bound. */
  static final class Window {
    // an element made editable after its text was recorded has that text below it, many levels deep
    private static final int MAX_DEPTH = 256;
    private final Set<Integer> ids = new HashSet<>();
    private final Set<Integer> madeEditable = new HashSet<>();
    private final NodeParents parents = new NodeParents();
    private boolean saturated;

    /** A window tracked for one event only (tests, callers without a window). */
    static Window detached() {
      return new Window();
    }

    synchronized void reset() {
      ids.clear();
      madeEditable.clear();
      parents.clear();
      saturated = false;
    }

    /** Records where a node was recorded: {@code parent} is its parent node's ID. */
    synchronized void parent(int id, int parent) {
      parents.put(id, parent);
    }

    /**
     * An element that a change made editable: it and every node inside it (already recorded, or
     * added later) count as form-field content from now on.
     */
    synchronized void madeEditable(int id) {
      if (parents.overflowed()) {
        saturated = true;
        ids.clear();
        madeEditable.clear();
        return;
      }
      add(id);
      if (!saturated && madeEditable.size() < MAX_IDS_PER_WINDOW) {
        madeEditable.add(id);
      } else {
        saturated = true;
        ids.clear();
      }
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
      return saturated || ids.contains(id) || !madeEditable.isEmpty() && insideMadeEditable(id);
    }

    private boolean insideMadeEditable(int id) {
      int at = id;
      for (int depth = 0; depth < MAX_DEPTH; depth++) {
        at = parents.parent(at);
        if (at == NodeParents.UNKNOWN) {
          return false;
        }
        if (madeEditable.contains(at)) {
          return true;
        }
      }
      return true;
    }
  }

  private final Map<String, Window> windows =
      new LinkedHashMap<>(64, 0.75f, true) {
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
