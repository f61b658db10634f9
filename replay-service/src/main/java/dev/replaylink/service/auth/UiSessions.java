package dev.replaylink.service.auth;

import dev.replaylink.service.model.SignIn;
import dev.replaylink.service.storage.UiSessionStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Browser sign-in sessions, stored in the database so that every instance behind a load balancer
 * knows them. The cookie holds a random ID; the database holds only its SHA-256, and who signed in,
 * never a token.
 */
@Singleton
public final class UiSessions {
  public static final String COOKIE = "rl_session";
  public static final Duration LIFETIME = Duration.ofHours(12);
  static final int MAX_ID_LENGTH = 64;

  private final UiSessionStore store;

  UiSessions(UiSessionStore store) {
    this.store = store;
  }

  /** Starts a session and returns its ID, for the cookie only. */
  public String create(SignIn who) {
    String id = Secrets.random("", 32);
    long now = System.currentTimeMillis();
    store.create(digest(id), who, now, now + LIFETIME.toMillis());
    return id;
  }

  /** Who signed in to a live session. */
  public Optional<SignIn> find(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return Optional.empty();
    }
    return store.find(digest(id), System.currentTimeMillis());
  }

  public void delete(String id) {
    if (id != null && !id.isEmpty() && id.length() <= MAX_ID_LENGTH) {
      store.delete(digest(id), System.currentTimeMillis());
    }
  }

  static String digest(String id) {
    return HexFormat.of().formatHex(Secrets.digest(id));
  }
}
