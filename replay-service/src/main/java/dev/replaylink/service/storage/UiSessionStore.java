package dev.replaylink.service.storage;

import java.util.Optional;

/**
 * Browser login sessions (table {@code rl_ui_sessions}), shared by every instance behind a load
 * balancer. A row holds the API token's name, never the token. Times are epoch milliseconds, passed in
 * by the caller. Thread-safe; blocks on the database and throws {@link StorageException} when it fails.
 */
public interface UiSessionStore {

  /** Stores a new session that is live while {@code now < expiresAt}. */
  void create(String id, String tokenName, long createdAt, long expiresAt);

  /** The token name of the session, when it exists and is still live at {@code now}. */
  Optional<String> tokenName(String id, long now);

  /** Deletes the session, and with it every session that expired before {@code now}. */
  void delete(String id, long now);
}
