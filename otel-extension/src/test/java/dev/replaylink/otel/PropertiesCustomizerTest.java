package dev.replaylink.otel;

import static dev.replaylink.otel.TestObjects.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.replaylink.otel.internal.PropertiesCustomizer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesCustomizerTest {

  @Test
  void sessionIdJoinsTheUsersBaggageKeys() {
    Map<String, String> overrides =
        PropertiesCustomizer.customize(
            config(Map.of(PropertiesCustomizer.COPY_FROM_BAGGAGE, "tenant.id,user.tier")));
    assertEquals(
        "tenant.id,user.tier,session.id", overrides.get(PropertiesCustomizer.COPY_FROM_BAGGAGE));
  }

  @Test
  void sessionIdIsTheOnlyBaggageKeyWhenNoneIsConfigured() {
    assertEquals(
        "session.id",
        PropertiesCustomizer.customize(config(Map.of()))
            .get(PropertiesCustomizer.COPY_FROM_BAGGAGE));
  }

  @Test
  void allBaggageKeysAndExistingSessionIdAreLeftAlone() {
    assertFalse(
        PropertiesCustomizer.customize(config(Map.of(PropertiesCustomizer.COPY_FROM_BAGGAGE, "*")))
            .containsKey(PropertiesCustomizer.COPY_FROM_BAGGAGE));
    assertFalse(
        PropertiesCustomizer.customize(
                config(Map.of(PropertiesCustomizer.COPY_FROM_BAGGAGE, "a,session.id")))
            .containsKey(PropertiesCustomizer.COPY_FROM_BAGGAGE));
  }

  @Test
  void fallbackPropagatorIsAppendedAfterTheDefaultsOrTheUsersList() {
    assertEquals(
        "tracecontext,baggage,replaylink",
        PropertiesCustomizer.customize(config(Map.of())).get(PropertiesCustomizer.PROPAGATORS));
    assertEquals(
        "tracecontext,baggage,sentry,replaylink",
        PropertiesCustomizer.customize(
                config(Map.of(PropertiesCustomizer.PROPAGATORS, "tracecontext,baggage,sentry")))
            .get(PropertiesCustomizer.PROPAGATORS));
  }

  @Test
  void propagatorsNoneOrAlreadyListedAreLeftAlone() {
    assertFalse(
        PropertiesCustomizer.customize(config(Map.of(PropertiesCustomizer.PROPAGATORS, "none")))
            .containsKey(PropertiesCustomizer.PROPAGATORS));
    assertFalse(
        PropertiesCustomizer.customize(
                config(Map.of(PropertiesCustomizer.PROPAGATORS, "replaylink,tracecontext,baggage")))
            .containsKey(PropertiesCustomizer.PROPAGATORS));
  }
}
