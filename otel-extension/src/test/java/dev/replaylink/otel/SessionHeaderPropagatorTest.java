package dev.replaylink.otel;

import static dev.replaylink.otel.TestObjects.MAP_GETTER;
import static dev.replaylink.otel.TestObjects.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.replaylink.otel.internal.SessionHeaderPropagator;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionHeaderPropagatorTest {
  private final TextMapPropagator propagator =
      SessionHeaderPropagator.create("X-Replaylink-Session");

  private static String session(Context context) {
    return Baggage.fromContext(context).getEntryValue("session.id");
  }

  @Test
  void headerBecomesSessionBaggageWhenThereIsNone() {
    Context context =
        propagator.extract(Context.root(), Map.of("x-replaylink-session", SESSION), MAP_GETTER);
    assertEquals(SESSION, session(context));
    assertEquals(List.of("x-replaylink-session"), List.copyOf(propagator.fields()));
  }

  @Test
  void baggageWinsOverTheHeaderAndOtherEntriesStay() {
    TextMapPropagator chain =
        TextMapPropagator.composite(W3CBaggagePropagator.getInstance(), propagator);
    Map<String, String> headers =
        Map.of("baggage", "tenant=acme,session.id=from-baggage-1", "x-replaylink-session", SESSION);
    Context context = chain.extract(Context.root(), headers, MAP_GETTER);
    assertEquals("from-baggage-1", session(context));
    assertEquals("acme", Baggage.fromContext(context).getEntryValue("tenant"));
  }

  @Test
  void malformedSessionHeaderIsIgnored() {
    for (String bad :
        new String[] {"short", "has space in it", "a/b/c/d/e/f", "x".repeat(129), ""}) {
      assertNull(
          session(
              propagator.extract(Context.root(), Map.of("x-replaylink-session", bad), MAP_GETTER)),
          bad);
    }
  }

  @Test
  void failingCarrierDoesNotFailTheRequest() {
    TextMapGetter<Map<String, String>> failing =
        new TextMapGetter<>() {
          @Override
          public Iterable<String> keys(Map<String, String> carrier) {
            throw new IllegalStateException("broken");
          }

          @Override
          public String get(Map<String, String> carrier, String key) {
            throw new IllegalStateException("broken");
          }
        };
    Context root = Context.root();
    assertSame(root, propagator.extract(root, new HashMap<>(), failing));
  }

  @Test
  void injectsNothingBecauseBaggageCarriesTheSessionDownstream() {
    Map<String, String> out = new HashMap<>();
    Context context = Context.root().with(Baggage.builder().put("session.id", SESSION).build());
    propagator.inject(context, out, Map::put);
    assertEquals(Map.of(), out);
  }
}
