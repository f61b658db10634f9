package dev.replaylink.service.storage;

import dev.replaylink.service.model.SignIn;
import java.util.Optional;

/**
 * Browser sign-in sessions (table {@code rl_sign_in_sessions}), shared by every instance behind a
 * load balancer. A session is known by the digest of its ID, never the ID itself, and holds who
 * signed in ({@link SignIn}), never a token. Times are epoch milliseconds, passed in by the caller.
 * Thread-safe; blocks on the database and throws {@link StorageException} when it fails.
 */
public interface UiSessionStore {

  /** Stores a new session that is live while {@code now < expiresAt}. */
  void create(String idDigest, SignIn signIn, long createdAt, long expiresAt);

  /** Who signed in, when the session exists and is still live at {@code now}. */
  Optional<SignIn> find(String idDigest, long now);

  /** Deletes the session, and with it every session that expired before {@code now}. */
  void delete(String idDigest, long now);
}
