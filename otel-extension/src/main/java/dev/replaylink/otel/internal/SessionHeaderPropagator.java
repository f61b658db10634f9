package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkAttributes;
import dev.replaylink.protocol.SessionIds;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;

/**
 * Fallback for frontends that send the session in a header instead of baggage: on extract, when the
 * context has no {@code session.id} baggage entry and the header holds a valid session ID, the
 * entry is added. Downstream calls then carry it through the regular {@code baggage} propagator, so
 * this one injects nothing. Never throws.
 */
public final class SessionHeaderPropagator implements TextMapPropagator {
  private final String header;
  private final Collection<String> fields;

  private SessionHeaderPropagator(String header) {
    this.header = header;
    this.fields = Collections.singletonList(header);
  }

  public static SessionHeaderPropagator create(String header) {
    return new SessionHeaderPropagator(header.trim().toLowerCase(Locale.ROOT));
  }

  @Override
  public Collection<String> fields() {
    return fields;
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    // Propagated downstream as baggage.
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null || getter == null) {
      return context == null ? Context.root() : context;
    }
    try {
      Baggage baggage = Baggage.fromContext(context);
      if (baggage.getEntryValue(ReplaylinkAttributes.SESSION_ID_KEY) != null) {
        return context;
      }
      String value = getter.get(carrier, header);
      if (value == null) {
        return context;
      }
      value = value.trim();
      if (!SessionIds.isValid(value)) {
        return context;
      }
      return context.with(
          baggage.toBuilder().put(ReplaylinkAttributes.SESSION_ID_KEY, value).build());
    } catch (RuntimeException e) {
      // A carrier that fails to read must not fail the request.
      return context;
    }
  }

  @Override
  public String toString() {
    return "ReplaylinkSessionHeaderPropagator{" + header + "}";
  }
}
