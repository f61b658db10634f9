package dev.replaylink.otel.internal;

import dev.replaylink.otel.ReplaylinkAttributes;
import dev.replaylink.otel.ReplaylinkConfig;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Extends two standard settings instead of replacing them, so the user's own entries stay: {@code
 * session.id} joins the baggage keys copied onto spans, and the {@code replaylink} fallback
 * propagator joins {@code otel.propagators} (last, so it sees what {@code baggage} extracted).
 */
public final class PropertiesCustomizer {
  public static final String COPY_FROM_BAGGAGE =
      "otel.java.experimental.span-attributes.copy-from-baggage.include";
  public static final String PROPAGATORS = "otel.propagators";
  static final List<String> DEFAULT_PROPAGATORS = Arrays.asList("tracecontext", "baggage");

  private PropertiesCustomizer() {}

  public static Map<String, String> customize(ConfigProperties config) {
    Map<String, String> overrides = new HashMap<>();
    List<String> include = config.getList(COPY_FROM_BAGGAGE);
    if (!include.contains("*") && !include.contains(ReplaylinkAttributes.SESSION_ID_KEY)) {
      List<String> extended = new ArrayList<>(include);
      extended.add(ReplaylinkAttributes.SESSION_ID_KEY);
      overrides.put(COPY_FROM_BAGGAGE, String.join(",", extended));
    }
    List<String> propagators = config.getList(PROPAGATORS, DEFAULT_PROPAGATORS);
    if (!propagators.contains("none") && !propagators.contains(ReplaylinkConfig.PROPAGATOR_NAME)) {
      List<String> extended = new ArrayList<>(propagators);
      extended.add(ReplaylinkConfig.PROPAGATOR_NAME);
      overrides.put(PROPAGATORS, String.join(",", extended));
    }
    return overrides;
  }
}
