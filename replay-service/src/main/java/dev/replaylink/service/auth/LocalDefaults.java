package dev.replaylink.service.auth;

import dev.replaylink.service.storage.LocalCredentialStore;
import jakarta.inject.Singleton;

/**
 * Local-development credentials, generated once and kept in the database so that a restart keeps
 * the ingest key a test page already uses. Used only for what is not configured.
 */
@Singleton
public final class LocalDefaults {
  public static final String DEFAULT_PROJECT = "default";
  static final String INGEST_KEY = "default-project-ingest-key";
  static final String ADMIN_TOKEN = "default-admin-token";

  private final LocalCredentialStore store;

  LocalDefaults(LocalCredentialStore store) {
    this.store = store;
  }

  /**
   * Returns the stored secret of that name, creating it when missing (safe with several instances).
   */
  String secret(String name, String prefix) {
    return store.secret(name, () -> Secrets.random(prefix, 24), System.currentTimeMillis());
  }
}
