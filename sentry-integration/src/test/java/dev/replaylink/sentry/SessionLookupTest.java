package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import io.sentry.SentryEvent;
import io.sentry.protocol.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every source names a different session, so each assertion shows which source won: OpenTelemetry
 * baggage, then the request's baggage header, then the fallback header, then the scope tag.
 */
class SessionLookupTest {
  static final String FROM_OTEL = "otel-baggage-session";
  static final String FROM_BAGGAGE_HEADER = "baggage-header-session";
  static final String FROM_FALLBACK_HEADER = "fallback-header-session";
  static final String FROM_SCOPE_TAG = "scope-tag-session";

  private final SessionLookup lookup =
      new SessionLookup(true, ReplaylinkIntegration.DEFAULT_SESSION_HEADER);

  @Test
  void openTelemetryBaggageWinsOverRequestHeadersAndScopeTag() {
    SentryEvent event = eventWith(true, true, true);
    try (Scope ignored =
        Baggage.builder().put(SessionBaggage.KEY, FROM_OTEL).build().makeCurrent()) {
      assertEquals(FROM_OTEL, lookup.find(event));
    }
  }

  @Test
  void requestBaggageHeaderWinsOverFallbackHeaderAndScopeTag() {
    assertEquals(FROM_BAGGAGE_HEADER, lookup.find(eventWith(true, true, true)));
  }

  @Test
  void fallbackHeaderWinsOverScopeTag() {
    assertEquals(FROM_FALLBACK_HEADER, lookup.find(eventWith(false, true, true)));
  }

  @Test
  void scopeTagIsTheLastResort() {
    assertEquals(FROM_SCOPE_TAG, lookup.find(eventWith(false, false, true)));
    assertNull(lookup.find(eventWith(false, false, false)));
  }

  @Test
  void malformedHigherSourceFallsThroughToTheNextOne() {
    SentryEvent event = eventWith(true, false, true);
    try (Scope ignored =
        Baggage.builder().put(SessionBaggage.KEY, "bad id!").build().makeCurrent()) {
      assertEquals(FROM_BAGGAGE_HEADER, lookup.find(event));
    }
  }

  @Test
  void withOpenTelemetryOffTheContextIsNotRead() {
    SessionLookup withoutOtel =
        new SessionLookup(false, ReplaylinkIntegration.DEFAULT_SESSION_HEADER);
    try (Scope ignored =
        Baggage.builder().put(SessionBaggage.KEY, FROM_OTEL).build().makeCurrent()) {
      assertEquals(FROM_BAGGAGE_HEADER, withoutOtel.find(eventWith(true, true, true)));
    }
  }

  /** The fallback header comes first in the request, so header order cannot decide the result. */
  private static SentryEvent eventWith(
      boolean baggageHeader, boolean fallbackHeader, boolean scopeTag) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (fallbackHeader) {
      headers.put("X-Replaylink-Session", FROM_FALLBACK_HEADER);
    }
    if (baggageHeader) {
      headers.put("Baggage", "tenant=acme,session.id=" + FROM_BAGGAGE_HEADER);
    }
    headers.put("user-agent", "test");
    Request request = new Request();
    request.setHeaders(headers);
    SentryEvent event = new SentryEvent();
    event.setRequest(request);
    if (scopeTag) {
      event.setTag(SessionBaggage.KEY, FROM_SCOPE_TAG);
    }
    return event;
  }
}
