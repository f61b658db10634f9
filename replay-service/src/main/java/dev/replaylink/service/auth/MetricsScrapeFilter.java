package dev.replaylink.service.auth;

import dev.replaylink.service.api.ApiError;
import dev.replaylink.service.config.MetricsConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import java.util.Optional;

/**
 * {@code /prometheus} is read by admins (API token or UI login) and by the scrape token {@code
 * replaylink.metrics.token}, which reads nothing else. Meter tags name projects, so viewers of some
 * projects cannot read it. The framework's endpoint is marked non-sensitive so that this filter is
 * the only gate.
 */
@ServerFilter({"/prometheus", "/prometheus/**"})
final class MetricsScrapeFilter {
  private final ReadAuthenticator readers;
  private final List<byte[]> scrapeToken;

  MetricsScrapeFilter(ReadAuthenticator readers, MetricsConfiguration config) {
    this.readers = readers;
    this.scrapeToken =
        config.getToken().isEmpty() ? List.of() : List.of(Secrets.digest(config.getToken()));
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> check(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header != null
        && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && Secrets.findMatch(header.substring(7).trim(), scrapeToken, d -> d).isPresent()) {
      return null;
    }
    Optional<Principal> reader = readers.find(request);
    if (reader.isEmpty()) {
      return refuse(
          HttpStatus.UNAUTHORIZED,
          "unauthorized",
          "Metrics need 'Authorization: Bearer <token>' with the metrics token or an admin token.");
    }
    return reader.get().isAdmin()
        ? null
        : refuse(
            HttpStatus.FORBIDDEN,
            "forbidden",
            "Metrics are readable with an admin token or the metrics token.");
  }

  private static HttpResponse<?> refuse(HttpStatus status, String code, String message) {
    return HttpResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new ApiError(code, message));
  }
}
