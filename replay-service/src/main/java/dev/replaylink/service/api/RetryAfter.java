package dev.replaylink.service.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;

/**
 * {@code Retry-After} on every 429 and 503: rate windows are one second long, so a refused client
 * may retry after a second; a failed database is given a few seconds.
 */
public final class RetryAfter {
  static final String RATE_LIMITED_SECONDS = "1";
  static final String UNAVAILABLE_SECONDS = "5";

  private RetryAfter() {}

  public static <T> MutableHttpResponse<T> add(MutableHttpResponse<T> response) {
    int code = response.getStatus().getCode();
    if (code == 429) {
      response.header(HttpHeaders.RETRY_AFTER, RATE_LIMITED_SECONDS);
    } else if (code == 503) {
      response.header(HttpHeaders.RETRY_AFTER, UNAVAILABLE_SECONDS);
    }
    return response;
  }
}
