package dev.replaylink.service.audit;

import dev.replaylink.service.auth.ClientAddress;
import dev.replaylink.service.model.AuditEntry;
import dev.replaylink.service.storage.AuditStore;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/**
 * Records accesses to recorded data, before the data is handed out: a read whose audit entry cannot
 * be written fails (the storage error answers 503) rather than going unrecorded. Who is the
 * signed-in person or the API token's name; the client is the address {@link ClientAddress}
 * resolves (the forwarded one behind a trusted proxy).
 */
@Singleton
public final class AuditLog {
  private final AuditStore store;
  private final ClientAddress clientAddress;

  AuditLog(AuditStore store, ClientAddress clientAddress) {
    this.store = store;
    this.clientAddress = clientAddress;
  }

  public void record(
      HttpRequest<?> request, String action, String project, String sessionId, String userId) {
    String who =
        request
            .getUserPrincipal(Authentication.class)
            .map(Authentication::getName)
            .orElse("anonymous");
    store.record(
        new AuditEntry(
            0,
            System.currentTimeMillis(),
            who,
            action,
            project,
            sessionId,
            userId,
            clientAddress.of(request)));
  }
}
