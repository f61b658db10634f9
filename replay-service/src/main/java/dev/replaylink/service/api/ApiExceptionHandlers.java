package dev.replaylink.service.api;

import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps refusals to the API's error format. Framework-level refusals (body too large, unreadable
 * parameters, unknown routes) get the same {@code {"error","message"}} shape as our own.
 */
final class ApiExceptionHandlers {
  private ApiExceptionHandlers() {}

  static HttpResponse<ApiError> respond(HttpStatus status, String code, String message) {
    return RetryAfter.add(
        HttpResponse.<ApiError>status(status)
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .body(new ApiError(code, message)));
  }

  @Singleton
  @Produces
  static final class ApiExceptionHandler
      implements ExceptionHandler<ApiException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ApiException e) {
      return respond(e.status(), e.code(), e.getMessage());
    }
  }

  @Singleton
  @Produces
  @Replaces(io.micronaut.http.server.exceptions.ContentLengthExceededHandler.class)
  static final class TooLargeHandler
      implements ExceptionHandler<ContentLengthExceededException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ContentLengthExceededException e) {
      return respond(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          RefusalReasons.BODY_TOO_LARGE,
          "The request body is larger than the server accepts.");
    }
  }

  @Singleton
  @Produces
  static final class ConversionHandler
      implements ExceptionHandler<ConversionErrorException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ConversionErrorException e) {
      return respond(
          HttpStatus.BAD_REQUEST,
          "invalid_parameter",
          "Parameter '" + e.getArgument().getName() + "' has an invalid value.");
    }
  }

  /**
   * A database or object store failure that escaped the storage layer's retries: 503 with a JSON
   * reason (clients retry later; ingest is idempotent), logged here with its cause, never a bare
   * error page.
   */
  @Singleton
  @Produces
  static final class StorageFailureHandler
      implements ExceptionHandler<StorageException, HttpResponse<ApiError>> {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFailureHandler.class);

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, StorageException e) {
      LOG.error("{} {} failed in storage", request.getMethod(), request.getPath(), e);
      return respond(
          HttpStatus.SERVICE_UNAVAILABLE,
          ApiException.STORAGE_UNAVAILABLE,
          "The storage (database or object store) could not complete the request; nothing was changed. Retry later.");
    }
  }

  /** Framework errors (404 routes, 405, unsupported media type) in the API's error shape. */
  @Singleton
  @Replaces(io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor.class)
  @Requires(classes = ErrorResponseProcessor.class)
  static final class JsonErrorResponseProcessor implements ErrorResponseProcessor<ApiError> {
    @Override
    public io.micronaut.http.MutableHttpResponse<ApiError> processResponse(
        ErrorContext ctx, io.micronaut.http.MutableHttpResponse<?> response) {
      String message =
          ctx.getErrors().isEmpty()
              ? response.getStatus().getReason()
              : ctx.getErrors().get(0).getMessage();
      String code =
          switch (response.getStatus().getCode()) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> RefusalReasons.BODY_TOO_LARGE;
            case 415 -> "unsupported_media_type";
            default -> response.getStatus().getCode() >= 500 ? "internal_error" : "error";
          };
      if (response.getStatus().getCode() >= 500) {
        message = "The server failed to handle the request.";
      }
      return RetryAfter.add(
          response.contentType(MediaType.APPLICATION_JSON_TYPE).body(new ApiError(code, message)));
    }
  }
}
