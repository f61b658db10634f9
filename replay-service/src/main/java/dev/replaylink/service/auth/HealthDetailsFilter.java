package dev.replaylink.service.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.health.indicator.HealthResult;

/**
 * Health details (database, disk, object store) are shown to admins only. The health endpoint shows
 * them to any authenticated caller ({@code endpoints.health.details-visible: AUTHENTICATED}), and a
 * viewer's API token or sign-in authenticates too; so this filter removes the details from the
 * answer of every caller who is not an admin, probes included, leaving the status.
 */
@ServerFilter({"/health", "/health/**"})
final class HealthDetailsFilter {
  private final ReadAuthenticator readers;

  HealthDetailsFilter(ReadAuthenticator readers) {
    this.readers = readers;
  }

  @ResponseFilter
  void hideDetailsFromNonAdmins(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (readers.find(request).filter(Principal::isAdmin).isPresent()) {
      return;
    }
    response
        .getBody(HealthResult.class)
        .filter(r -> r.getDetails() != null)
        .ifPresent(
            r ->
                ((MutableHttpResponse<Object>) response)
                    .body(HealthResult.builder(r.getName(), r.getStatus()).build()));
  }
}
