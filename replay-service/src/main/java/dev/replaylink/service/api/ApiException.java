package dev.replaylink.service.api;

import io.micronaut.http.HttpStatus;

/**
 * A request the service refuses, carried to the client as {@code {"error": code, "message":
 * message}} with the given status. Thrown before anything is stored, so a rejected request leaves
 * no trace.
 */
public final class ApiException extends RuntimeException {
  /** The error code of a 503 for a failed database, as counted in the meters' outcome tag. */
  public static final String STORAGE_UNAVAILABLE = "storage_unavailable";

  private final HttpStatus status;
  private final String code;

  public ApiException(HttpStatus status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", message);
  }

  public static ApiException forbidden(String code, String message) {
    return new ApiException(HttpStatus.FORBIDDEN, code, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", message);
  }

  public static ApiException tooLarge(String code, String message) {
    return new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, code, message);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }
}
