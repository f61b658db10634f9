package dev.replaylink.service.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.MarkerPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One backend error per failure, whatever arrives in which order; no database. */
class BackendErrorsTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final BackendErrors rules = new BackendErrors();

  private static Marker error(String key) {
    return new Marker("s-1", 1000, "backend-error", "boom", TRACE, null, key);
  }

  private static Marker standIn() {
    return BackendErrors.standIn(error(null), "otel:" + TRACE);
  }

  @Test
  void aStandInIsStoredWhileItsTraceHasNoOtherError() {
    MarkerPlan plan = rules.plan(List.of(standIn()), List.of());
    assertEquals(List.of(standIn()), plan.insert());
    assertEquals(List.of(standIn()), plan.countedAsErrors());
  }

  @Test
  void aStandInIsDroppedWhenTheTraceHasAnErrorStoredOrInTheSameCall() {
    assertEquals(List.of(), rules.plan(List.of(standIn()), List.of(error("sentry:1"))).insert());
    Marker sentry = error("sentry:1");
    assertEquals(List.of(sentry), rules.plan(List.of(sentry, standIn()), List.of()).insert());
  }

  @Test
  void theErrorThatArrivesLaterReplacesTheStoredStandInAndTakesOverItsCount() {
    Marker thrown = error("otel:" + TRACE + ":00f067aa0ba902b7");
    MarkerPlan plan = rules.plan(List.of(thrown), List.of(standIn()));
    assertEquals(List.of(thrown), plan.insert());
    assertEquals(List.of(standIn().dedupeKey()), plan.deleteDedupeKeys());
    assertEquals(List.of(), plan.countedAsErrors(), "the failure was counted with its stand-in");
  }

  @Test
  void aStandInEarlierInTheSameCallIsReplacedWithoutDeletingAnything() {
    Marker thrown = error("otel:" + TRACE + ":00f067aa0ba902b7");
    MarkerPlan plan = rules.plan(List.of(standIn(), thrown), List.of());
    assertEquals(List.of(thrown), plan.insert());
    assertEquals(List.of(), plan.deleteDedupeKeys());
    assertEquals(List.of(thrown), plan.countedAsErrors());
  }

  @Test
  void otherMarkersPassUnchangedAndOnlyErrorsCount() {
    Marker nav = new Marker("s-1", 5, "navigation", "/cart", null, null, null);
    Marker js = new Marker("s-1", 6, "error", "TypeError", null, null, null);
    MarkerPlan plan = rules.plan(List.of(nav, js), List.of());
    assertEquals(List.of(nav, js), plan.insert());
    assertEquals(List.of(js), plan.countedAsErrors());
  }
}
