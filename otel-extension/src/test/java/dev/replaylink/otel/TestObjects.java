package dev.replaylink.otel;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;

/** Named values and small builders shared by the unit tests. */
public final class TestObjects {
  public static final String SESSION = "0192f0c4-7a1b-7c2d-9e3f-405162738495";
  public static final String LINK_BASE = "https://replay.example.test";
  public static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  public static final String REMOTE_SPAN_ID = "00f067aa0ba902b7";

  public static final TextMapGetter<Map<String, String>> MAP_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private TestObjects() {}

  public static ConfigProperties config(Map<String, String> properties) {
    return DefaultConfigProperties.createFromMap(properties);
  }

  /**
   * A context as a server sees it after extracting {@code traceparent} and {@code baggage:
   * session.id=...}.
   */
  public static Context remoteParentWithSession(String session) {
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            TRACE_ID, REMOTE_SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
    Context context = Context.root().with(io.opentelemetry.api.trace.Span.wrap(remote));
    return session == null
        ? context
        : context.with(Baggage.builder().put(ReplaylinkAttributes.SESSION_ID_KEY, session).build());
  }
}
