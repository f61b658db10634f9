package dev.replaylink.service.storage;

import java.util.List;

/**
 * Receives a session's events from {@link EventReader#readEvents} as the store reads them: first
 * {@link #start} once, then {@link #chunk} once per stored chunk, in replay order. A sink that
 * throws stops the read; the exception reaches the caller of {@code readEvents} as it was thrown.
 */
public interface EventSink {

  /**
   * Called once, before any chunk.
   *
   * @param windowId the window the events belong to, null when the session has no event stored yet
   * @param lastTimestamp the session's {@code endedAt}: timestamp of its newest stored event or
   *     marker
   */
  void start(String windowId, long lastTimestamp);

  /**
   * The raw JSON texts of one stored chunk's events, in order; the list is not kept by the store.
   */
  void chunk(List<String> events);
}
