package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.MarkerPlan;
import dev.replaylink.service.model.SessionDelta;
import dev.replaylink.service.model.SessionLimits;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.storage.MarkerReconciler;
import dev.replaylink.service.storage.MarkerStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Markers and trace links outside browser batches. Markers are stored in one transaction: the ones
 * whose dedupe key is new, as the {@link MarkerReconciler} plans them against what is stored, then
 * each session's counters.
 */
final class JdbcMarkerStore implements MarkerStore {
  private final Sql sql;
  private final MarkerReconciler reconciler;

  JdbcMarkerStore(Sql sql, MarkerReconciler reconciler) {
    this.sql = sql;
    this.reconciler = reconciler;
  }

  @Override
  public int addMarkers(String project, Collection<Marker> markers) {
    if (markers.isEmpty()) {
      return 0;
    }
    return sql.transaction(
        "store markers",
        c -> {
          MarkerPlan plan =
              reconciler.plan(fresh(c, project, markers), related(c, project, markers));
          MarkerRows.deleteByKey(c, project, plan.deleteDedupeKeys());
          MarkerRows.insert(c, project, plan.insert());
          long now = System.currentTimeMillis();
          for (Marker m : plan.insert()) {
            int errors = plan.countedAsErrors().contains(m) ? 1 : 0;
            SessionRows.upsert(
                c,
                project,
                m.sessionId(),
                new SessionDelta(m.timestamp(), m.timestamp(), null, null, 0, errors, 0, 0, 0, 0),
                now,
                SessionLimits.NONE);
          }
          return plan.insert().size();
        });
  }

  /**
   * The markers not stored before: without a dedupe key, or with one seen neither stored nor
   * earlier in the list.
   */
  private static List<Marker> fresh(Connection c, String project, Collection<Marker> markers)
      throws SQLException {
    Map<String, Marker> keyed = new LinkedHashMap<>();
    for (Marker m : markers) {
      if (m.dedupeKey() != null) {
        keyed.putIfAbsent(m.dedupeKey(), m);
      }
    }
    Set<String> stored = MarkerRows.storedKeys(c, project, keyed.keySet());
    List<Marker> out = new ArrayList<>();
    for (Marker m : markers) {
      if (m.dedupeKey() == null
          || (!stored.contains(m.dedupeKey()) && keyed.get(m.dedupeKey()) == m)) {
        out.add(m);
      }
    }
    return out;
  }

  /** The stored markers the reconciler must see for these: same session, kind and trace. */
  private List<Marker> related(Connection c, String project, Collection<Marker> markers)
      throws SQLException {
    Map<List<String>, Boolean> seen = new LinkedHashMap<>();
    List<Marker> out = new ArrayList<>();
    for (Marker m : markers) {
      if (reconciler.concerns(m)
          && seen.putIfAbsent(List.of(m.sessionId(), m.kind(), m.traceId()), true) == null) {
        for (Marker stored : MarkerRows.ofTrace(c, project, m.sessionId(), m.kind(), m.traceId())) {
          if (reconciler.related(m, stored)) {
            out.add(stored);
          }
        }
      }
    }
    return out;
  }

  @Override
  public int addTraceLinks(String project, Collection<TraceLink> links) {
    if (links.isEmpty()) {
      return 0;
    }
    return sql.transaction("store trace links", c -> TraceLinkRows.insert(c, project, links));
  }

  @Override
  public List<Marker> markers(String project, String sessionId) {
    return sql.connection("read markers", c -> MarkerRows.ofSession(c, project, sessionId));
  }

  @Override
  public List<TraceLink> traceLinks(Collection<String> projects, String traceId) {
    return sql.connection("read trace links", c -> TraceLinkRows.ofTrace(c, projects, traceId));
  }
}
