package dev.replaylink.service.storage;

import dev.replaylink.service.model.EventSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Event reads for a player. Blocks on I/O; throws {@link StorageException} when the store fails.
 */
public interface EventReader {

  /**
   * Streams the events needed to show the session at {@code from}, chunk by chunk, without holding
   * more than one chunk: those of the window active at that moment, starting at its last full
   * snapshot at or before {@code from} (or the first one after it when there is none before),
   * through the end of that window. {@code from == null} starts at the session's first full
   * snapshot.
   *
   * @return false, having called nothing on the sink, when the session does not exist
   */
  boolean readEvents(String project, String sessionId, Long from, EventSink sink);

  /** {@link #readEvents} collected into one slice; for small sessions and tests. */
  default Optional<EventSlice> events(String project, String sessionId, Long from) {
    String[] window = new String[1];
    long[] last = new long[1];
    List<String> events = new ArrayList<>();
    boolean found =
        readEvents(
            project,
            sessionId,
            from,
            new EventSink() {
              @Override
              public void start(String windowId, long lastTimestamp) {
                window[0] = windowId;
                last[0] = lastTimestamp;
              }

              @Override
              public void chunk(List<String> chunk) {
                events.addAll(chunk);
              }
            });
    return found
        ? Optional.of(new EventSlice(window[0], List.copyOf(events), last[0]))
        : Optional.empty();
  }
}
