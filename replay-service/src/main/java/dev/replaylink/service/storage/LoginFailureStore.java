package dev.replaylink.service.storage;

/**
 * Failed sign-ins (table {@code rl_login_failures}), shared by every instance so that limits on
 * them hold across all of them. Times are epoch milliseconds, passed in by the caller. Thread-safe;
 * blocks on the database and throws {@link StorageException} when it fails.
 */
public interface LoginFailureStore {

  /** Records one failed sign-in of {@code client} at {@code failedAt}. */
  void add(String client, long failedAt);

  /** How many failures of all clients happened after {@code since}. */
  long countSince(long since);

  /** How many failures of {@code client} happened after {@code since}. */
  long countSince(String client, long since);

  /** Forgets every failure of {@code client}, as after a successful sign-in. */
  void clear(String client);

  /** Deletes the failures that happened before {@code before}. Returns how many. */
  int deleteBefore(long before);
}
