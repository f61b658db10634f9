package dev.replaylink.service.errors;

import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.MarkerPlan;
import dev.replaylink.service.storage.MarkerReconciler;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One backend error per failure. One failure often marks several spans failed (the span that threw
 * and the server span that answered 500), and reports of it come from several places (spans in
 * different exports, a Sentry report). A span that only failed, without the exception, becomes a
 * stand-in marker for its trace; it stays only while the session has no other backend error of that
 * trace, and goes when one arrives (the span that threw, or a Sentry report), which then takes over
 * its place in the session's error count. So a failure shows once, whatever arrives in which order.
 * Pure: the store hands in what it has stored.
 */
@Singleton
public final class BackendErrors implements MarkerReconciler {
  private static final String STAND_IN = "#stand-in";

  /** Marker kinds that count towards a session's errors. */
  private static final Set<String> ERROR_KINDS =
      Set.of(MarkerKinds.ERROR, MarkerKinds.BACKEND_ERROR);

  /**
   * A stand-in marker: {@code failed} (a backend error known only from a failed span) with a dedupe
   * key made from {@code origin} (e.g. source and trace ID), which a re-sent span repeats.
   */
  public static Marker standIn(Marker failed, String origin) {
    return new Marker(
        failed.sessionId(),
        failed.timestamp(),
        failed.kind(),
        failed.label(),
        failed.traceId(),
        failed.link(),
        origin + STAND_IN);
  }

  /** Whether {@code m} is a stand-in (see {@link #standIn}). */
  public static boolean isStandIn(Marker m) {
    return m.dedupeKey() != null && m.dedupeKey().endsWith(STAND_IN);
  }

  @Override
  public boolean concerns(Marker m) {
    return MarkerKinds.BACKEND_ERROR.equals(m.kind()) && m.traceId() != null;
  }

  @Override
  public boolean related(Marker m, Marker stored) {
    return concerns(stored) && sameFailure(m, stored);
  }

  @Override
  public MarkerPlan plan(List<Marker> incoming, List<Marker> stored) {
    List<Marker> insert = new ArrayList<>();
    List<Marker> uncounted = new ArrayList<>();
    List<String> delete = new ArrayList<>();
    for (Marker m : incoming) {
      if (!concerns(m)) {
        insert.add(m);
        continue;
      }
      if (isStandIn(m)) {
        boolean known =
            stored.stream().anyMatch(s -> !isStandIn(s) && related(m, s))
                || insert.stream().anyMatch(f -> concerns(f) && sameFailure(f, m));
        if (!known) {
          insert.add(m);
        }
        continue;
      }
      insert.removeIf(f -> isStandIn(f) && concerns(f) && sameFailure(f, m));
      List<String> standIns =
          stored.stream()
              .filter(s -> isStandIn(s) && related(m, s) && !delete.contains(s.dedupeKey()))
              .map(Marker::dedupeKey)
              .toList();
      if (!standIns.isEmpty()) {
        delete.addAll(standIns);
        uncounted.add(m);
      }
      insert.add(m);
    }
    List<Marker> counted =
        insert.stream()
            .filter(m -> ERROR_KINDS.contains(m.kind()) && !uncounted.contains(m))
            .toList();
    return new MarkerPlan(insert, counted, delete);
  }

  private static boolean sameFailure(Marker a, Marker b) {
    return a.sessionId().equals(b.sessionId()) && a.traceId().equals(b.traceId());
  }
}
