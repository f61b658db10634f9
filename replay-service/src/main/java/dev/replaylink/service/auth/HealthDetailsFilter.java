package dev.replaylink.service.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Health details (database, disk) are shown to admins only: an admin's API token or UI login makes
 * the request authenticated for the health endpoint ({@code endpoints.health.details-visible:
 * AUTHENTICATED}); everyone else, probes included, sees only the status.
 */
@ServerFilter({"/health", "/health/**"})
final class HealthDetailsFilter {
  private final ReadAuthenticator readers;

  HealthDetailsFilter(ReadAuthenticator readers) {
    this.readers = readers;
  }

  @RequestFilter
  void admitAdmins(HttpRequest<?> request) {
    readers.find(request).filter(Principal::isAdmin).ifPresent(p -> request.setUserPrincipal(p::name));
  }
}
