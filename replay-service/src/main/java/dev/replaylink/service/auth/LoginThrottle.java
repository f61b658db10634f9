package dev.replaylink.service.auth;

import dev.replaylink.service.storage.LoginFailureStore;
import dev.replaylink.service.storage.StorageException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.LongSupplier;

/**
 * Limits failed sign-ins: {@link #MAX_FAILURES_PER_CLIENT} per client address and {@link
 * #MAX_FAILURES_TOTAL} in all within {@link #WINDOW_MS}. The failures are kept in the shared
 * database ({@link LoginFailureStore}), so the limits hold across all instances; the client address
 * comes from {@link ClientAddress} (the forwarded address behind a trusted proxy). Sign-in is not a
 * hot path: each check is two indexed counts. Thread-safe; blocks on the database and throws {@link
 * StorageException} when it fails.
 */
@Singleton
public final class LoginThrottle {
  public static final int MAX_FAILURES_PER_CLIENT = 10;
  public static final int MAX_FAILURES_TOTAL = 200;
  public static final long WINDOW_MS = 5 * 60_000L;

  private final LoginFailureStore failures;
  private final LongSupplier clock;

  @Inject
  public LoginThrottle(LoginFailureStore failures) {
    this(failures, System::currentTimeMillis);
  }

  LoginThrottle(LoginFailureStore failures, LongSupplier clock) {
    this.failures = failures;
    this.clock = clock;
  }

  /** Whether this client may try to sign in now. */
  public boolean allowed(String client) {
    long since = clock.getAsLong() - WINDOW_MS;
    if (failures.countSince(since) >= MAX_FAILURES_TOTAL) {
      return false;
    }
    return failures.countSince(client, since) < MAX_FAILURES_PER_CLIENT;
  }

  public void failed(String client) {
    long now = clock.getAsLong();
    failures.add(client, now);
    failures.deleteBefore(now - WINDOW_MS);
  }

  public void succeeded(String client) {
    failures.clear(client);
  }
}
