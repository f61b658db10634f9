package dev.replaylink.service.auth;

import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed sign-ins: {@link #MAX_FAILURES_PER_CLIENT} per client address and
 * {@link #MAX_FAILURES_TOTAL} in all within {@link #WINDOW_MS}. Counts are per instance.
 */
@Singleton
public final class LoginThrottle {
  public static final int MAX_FAILURES_PER_CLIENT = 10;
  public static final int MAX_FAILURES_TOTAL = 200;
  public static final long WINDOW_MS = 5 * 60_000L;

  private final ConcurrentHashMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();
  private final Deque<Long> all = new ArrayDeque<>();

  /** Whether this client may try to sign in now. */
  public boolean allowed(String client) {
    long now = System.currentTimeMillis();
    synchronized (all) {
      prune(all, now);
      if (all.size() >= MAX_FAILURES_TOTAL) {
        return false;
      }
    }
    Deque<Long> mine = failures.get(client);
    if (mine == null) {
      return true;
    }
    synchronized (mine) {
      prune(mine, now);
      return mine.size() < MAX_FAILURES_PER_CLIENT;
    }
  }

  public void failed(String client) {
    long now = System.currentTimeMillis();
    if (failures.size() > 50_000) {
      failures.clear();
    }
    Deque<Long> mine = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
    synchronized (mine) {
      mine.addLast(now);
    }
    synchronized (all) {
      all.addLast(now);
    }
  }

  public void succeeded(String client) {
    failures.remove(client);
  }

  private static void prune(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() < now - WINDOW_MS) {
      times.removeFirst();
    }
  }
}
