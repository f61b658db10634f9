package dev.replaylink.service.ingest;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Options;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * Routes for CORS preflights of the write endpoints; {@link CorsFilter} answers them with the
 * headers of the allowed origin.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
final class PreflightController {
  @Options("/api/v1/ingest")
  HttpResponse<?> ingest() {
    return HttpResponse.noContent();
  }

  @Options("/v1/traces")
  HttpResponse<?> traces() {
    return HttpResponse.noContent();
  }

  @Options("/api/v1/errors")
  HttpResponse<?> errors() {
    return HttpResponse.noContent();
  }
}
