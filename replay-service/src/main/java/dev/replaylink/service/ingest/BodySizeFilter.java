package dev.replaylink.service.ingest;

import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiError;
import dev.replaylink.service.config.IngestConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses a recording or span upload whose declared {@code Content-Length} is above
 * {@code replaylink.ingest.max-compressed-bytes} before its body is read. A body sent without a
 * length (chunked) is cut off by {@code micronaut.server.max-request-size}, which defaults to the same
 * limit, and checked again once read ({@link BodyDecoder}).
 */
@ServerFilter({"/api/v1/ingest", "/v1/traces"})
final class BodySizeFilter {
  private final IngestConfiguration limits;

  BodySizeFilter(IngestConfiguration limits) {
    this.limits = limits;
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> refuseDeclaredTooLarge(HttpRequest<?> request) {
    long declared = request.getContentLength();
    if (declared <= limits.getMaxCompressedBytes()) {
      return null;
    }
    return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE).contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new ApiError(RefusalReasons.BODY_TOO_LARGE,
            "The request body is " + declared + " bytes; the limit is " + limits.getMaxCompressedBytes() + "."));
  }
}
