package dev.replaylink.demo.shop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Sentry events the shop captured while it runs without {@code SENTRY_DSN}: the replay's Sentry
 * marker links here instead of to a Sentry that does not exist. Keeps the latest {@link #CAPACITY}
 * events in memory. Thread-safe.
 */
final class CapturedEvents {
  static final int CAPACITY = 100;

  record Event(
      String eventId,
      long timestamp,
      String type,
      String message,
      String sessionId,
      String replayUrl) {}

  private static final Map<String, Event> EVENTS =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
          return size() > CAPACITY;
        }
      };

  private CapturedEvents() {}

  static synchronized void add(Event event) {
    EVENTS.put(event.eventId(), event);
  }

  static synchronized Event find(String eventId) {
    return EVENTS.get(eventId);
  }
}
