package dev.replaylink.service.auth;

import dev.replaylink.service.storage.UiSessionStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Browser login sessions, stored in the database so that every instance behind a load balancer
 * knows them. The cookie holds a random ID; the row holds the token's name, never the token.
 */
@Singleton
public final class UiSessions {
  public static final String COOKIE = "rl_session";
  public static final Duration LIFETIME = Duration.ofHours(12);

  private final UiSessionStore store;

  UiSessions(UiSessionStore store) {
    this.store = store;
  }

  public String create(String tokenName) {
    String id = Secrets.random("", 32);
    long now = System.currentTimeMillis();
    store.create(id, tokenName, now, now + LIFETIME.toMillis());
    return id;
  }

  /** The token name of a live session. */
  public Optional<String> tokenName(String id) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    return store.tokenName(id, System.currentTimeMillis());
  }

  public void delete(String id) {
    store.delete(id, System.currentTimeMillis());
  }
}
