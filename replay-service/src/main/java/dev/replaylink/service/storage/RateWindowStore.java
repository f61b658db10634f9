package dev.replaylink.service.storage;

/**
 * Rate-limit windows shared by all instances: per name (an ingest key, a session) and one-second
 * window, how many tokens the instances have claimed in all. Concurrent claims from any number of
 * instances never take the total past the limit. Throws {@link StorageException} when the store
 * fails.
 */
public interface RateWindowStore {

  /**
   * Claims {@code wanted} tokens of the window if that many are left, else one if any is left.
   *
   * @return how many tokens were claimed: {@code wanted}, 1 or 0 (the window is used up)
   */
  int claim(String name, long window, int wanted, int limit);

  /** Deletes the windows that started before {@code window}. Returns how many. */
  int sweep(long window);
}
