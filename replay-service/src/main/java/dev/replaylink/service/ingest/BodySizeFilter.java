package dev.replaylink.service.ingest;

import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiError;
import dev.replaylink.service.api.RpcStatus;
import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.metrics.ServiceMeters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses a recording or span upload whose declared {@code Content-Length} is above {@code
 * replaylink.ingest.max-compressed-bytes} before its body is read. A body sent without a length
 * (chunked) is cut off by {@code micronaut.server.max-request-size}, which defaults to the same
 * limit, and checked again once read ({@link BodyDecoder}).
 */
@ServerFilter({"/api/v1/ingest", "/v1/traces"})
final class BodySizeFilter {
  private final IngestConfiguration limits;
  private final ServiceMeters meters;

  BodySizeFilter(IngestConfiguration limits, ServiceMeters meters) {
    this.limits = limits;
    this.meters = meters;
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> refuseDeclaredTooLarge(HttpRequest<?> request) {
    long declared = request.getContentLength();
    if (declared <= limits.getMaxCompressedBytes()) {
      return null;
    }
    if (request.getPath().startsWith("/api/v1/ingest")) {
      // refused before the key is read: the project is not known yet
      meters.batch(ServiceMeters.UNKNOWN_PROJECT, "body_too_large");
    } else if (RpcStatus.wantsProtobuf(request.getHeaders().get(HttpHeaders.CONTENT_TYPE))) {
      return RpcStatus.response(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "The request body is "
              + declared
              + " bytes; the limit is "
              + limits.getMaxCompressedBytes()
              + ".");
    }
    return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(
            new ApiError(
                RefusalReasons.BODY_TOO_LARGE,
                "The request body is "
                    + declared
                    + " bytes; the limit is "
                    + limits.getMaxCompressedBytes()
                    + "."));
  }
}
