package dev.replaylink.sentry;

import io.sentry.protocol.Request;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Named constants and builders shared by the tests. */
final class TestObjects {
  static final String PUBLIC_URL = "https://replay.example.com";
  static final String SESSION_ID = "0192f3a4-7b6c-7d8e-9f01-23456789abcd";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String INGEST_KEY = "test-ingest-key";

  private TestObjects() {}

  /** A random session ID in the format the browser snippet uses. */
  static String randomSessionId() {
    return UUID.randomUUID().toString();
  }

  /** A random W3C trace ID. */
  static String randomTraceId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static Request requestWithHeaders(String... namesAndValues) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    Request request = new Request();
    request.setMethod("GET");
    request.setUrl("http://shop.example.com/checkout");
    request.setHeaders(headers);
    return request;
  }

  /** Epoch milliseconds of an ISO-8601 timestamp as Sentry writes it in events. */
  static long epochMillis(String isoTimestamp) {
    return Instant.parse(isoTimestamp).toEpochMilli();
  }
}
