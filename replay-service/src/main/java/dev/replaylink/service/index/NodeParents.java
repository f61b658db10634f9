package dev.replaylink.service.index;

import java.util.Arrays;

/**
 * The parent of each recorded node of one recording window, so that an element made {@code
 * contenteditable} by a later change has the text already inside it masked: that text was recorded
 * before the element was editable, and only its ancestors say that it now is. Two int arrays (open
 * addressing), at most {@link #MAX_NODES} nodes; past that it is <em>overflowed</em> and knows no
 * parents, which {@link FormFieldIds} answers by masking every later text change. Not thread-safe
 * (its window is).
 */
final class NodeParents {
  static final int MAX_NODES = 4096;
  static final int UNKNOWN = Integer.MIN_VALUE;
  private static final int EMPTY = Integer.MIN_VALUE;

  private int[] keys = empty(64);
  private int[] parents = new int[64];
  private int size;
  private boolean overflowed;

  void put(int id, int parent) {
    if (overflowed || id == EMPTY) {
      return;
    }
    int slot = slot(keys, id);
    if (keys[slot] == id) {
      parents[slot] = parent;
      return;
    }
    if (size >= MAX_NODES) {
      overflowed = true;
      keys = empty(1);
      parents = new int[1];
      size = 0;
      return;
    }
    keys[slot] = id;
    parents[slot] = parent;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  /** The recorded parent of {@code id}, or {@link #UNKNOWN}. */
  int parent(int id) {
    if (overflowed || id == EMPTY) {
      return UNKNOWN;
    }
    int slot = slot(keys, id);
    return keys[slot] == id ? parents[slot] : UNKNOWN;
  }

  boolean overflowed() {
    return overflowed;
  }

  void clear() {
    keys = empty(64);
    parents = new int[64];
    size = 0;
    overflowed = false;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldParents = parents;
    keys = empty(oldKeys.length * 2);
    parents = new int[keys.length];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = slot(keys, oldKeys[i]);
        keys[slot] = oldKeys[i];
        parents[slot] = oldParents[i];
      }
    }
  }

  private static int slot(int[] keys, int id) {
    int mask = keys.length - 1;
    int i = (id * 0x9E3779B9) >>> 7 & mask;
    while (keys[i] != EMPTY && keys[i] != id) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private static int[] empty(int n) {
    int[] a = new int[n];
    Arrays.fill(a, EMPTY);
    return a;
  }
}
