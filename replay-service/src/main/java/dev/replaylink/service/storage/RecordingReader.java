package dev.replaylink.service.storage;

import dev.replaylink.service.model.EventSlice;
import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.TraceLink;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Read side of storage. Every lookup is limited to the projects the caller may read. */
public interface RecordingReader {

  SessionPage searchSessions(SessionQuery query);

  Optional<SessionSummary> session(Collection<String> projects, String sessionId);

  /**
   * The most frequent groups of one insights category among markers with {@code from <= timestamp < to},
   * ordered by sessions affected, then occurrences, then latest occurrence; at most {@code limit}.
   */
  List<InsightGroup> insights(Collection<String> projects, InsightCategory category, long from, long to, int limit);

  /** Markers of a session in timestamp order. */
  List<Marker> markers(String project, String sessionId);

  /** Sessions a trace was seen in, earliest moment per session first. */
  List<TraceLink> traceLinks(Collection<String> projects, String traceId);

  /**
   * Events needed to show the session at {@code from}: those of the window active at that moment,
   * starting at its last full snapshot at or before {@code from} (or the first one after it when there
   * is none before). {@code from == null} starts at the beginning of the session's first window.
   */
  Optional<EventSlice> events(String project, String sessionId, Long from);

  /** Counts of stored sessions and events, for health and tests. */
  StorageCounts counts();

  /** Verifies the database answers. Throws when it does not. */
  void check();

  /** Totals over all projects. */
  record StorageCounts(long sessions, long events, long markers, long traceLinks, long batches) {}
}
