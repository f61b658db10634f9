package dev.replaylink.bench.service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outcomes of one kind of request (ingest, search, ...) split by {@link RestartWindow.Phase}: how
 * many were answered 2xx, 4xx, 5xx or failed to connect, and the latencies of the answered ones.
 * Every attempt counts, resends included. Thread-safe.
 */
final class OperationStats {
  final String name;
  private final RestartWindow window;
  private final Map<RestartWindow.Phase, Counts> byPhase = new EnumMap<>(RestartWindow.Phase.class);

  OperationStats(String name, RestartWindow window) {
    this.name = name;
    this.window = window;
    for (RestartWindow.Phase p : RestartWindow.Phase.values()) {
      byPhase.put(p, new Counts());
    }
  }

  /** One attempt: {@code status} is the HTTP status, or -1 when no answer came. */
  void record(long startNanos, long endNanos, int status) {
    Counts c = byPhase.get(window.of(startNanos, endNanos));
    if (status < 0) {
      c.failed.incrementAndGet();
      return;
    }
    if (status >= 500) {
      c.status5xx.incrementAndGet();
    } else if (status >= 400) {
      c.status4xx.incrementAndGet();
    } else {
      c.ok.incrementAndGet();
    }
    synchronized (c.latencies) {
      c.latencies.add(endNanos - startNanos);
    }
  }

  Counts in(RestartWindow.Phase phase) {
    return byPhase.get(phase);
  }

  long total(java.util.function.Function<Counts, AtomicLong> f) {
    return byPhase.values().stream().mapToLong(c -> f.apply(c).get()).sum();
  }

  /** Counts and latencies of one phase. */
  static final class Counts {
    final AtomicLong ok = new AtomicLong();
    final AtomicLong status4xx = new AtomicLong();
    final AtomicLong status5xx = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private final Latencies latencies = new Latencies();

    /** The answered requests' latencies, sorted (a copy). */
    Latencies latencies() {
      synchronized (latencies) {
        return Latencies.merge(List.of(latencies));
      }
    }
  }
}
