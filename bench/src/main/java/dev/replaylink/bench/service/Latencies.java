package dev.replaylink.bench.service;

import java.util.Arrays;

/** Request latencies of one phase (nanoseconds), appended by one thread and merged afterwards. */
final class Latencies {
  private long[] nanos = new long[1024];
  private int size;

  void add(long n) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = n;
  }

  int size() {
    return size;
  }

  static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies p : parts) {
      for (int i = 0; i < p.size; i++) {
        all.add(p.nanos[i]);
      }
    }
    Arrays.sort(all.nanos, 0, all.size);
    return all;
  }

  /** Percentile in milliseconds of a merged (sorted) set; NaN when empty. */
  double percentileMs(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
    return nanos[index] / 1e6;
  }
}
