package dev.replaylink.demo.shop;

/**
 * The replay link Sentry's event carried for the error just captured on this thread (Sentry runs
 * event processors and beforeSend on the capturing thread).
 */
final class LastErrorLinks {
  record Links(String eventId, String replayUrl) {}

  private static final ThreadLocal<Links> LAST = new ThreadLocal<>();

  private LastErrorLinks() {}

  static void remember(String eventId, String replayUrl) {
    LAST.set(new Links(eventId, replayUrl));
  }

  static Links take() {
    Links links = LAST.get();
    LAST.remove();
    return links;
  }
}
