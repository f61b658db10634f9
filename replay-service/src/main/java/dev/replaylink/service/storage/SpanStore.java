package dev.replaylink.service.storage;

import dev.replaylink.service.model.SessionSpans;
import dev.replaylink.service.model.StoredTrace;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The spans of traces linked to recorded sessions, for the replay page's trace view. Spans are kept
 * per session and deleted with it ({@link DeletionStore}, erasure, retention). Every method is
 * atomic per session and safe from several service instances; implementations block on I/O.
 */
public interface SpanStore {

  /**
   * Keeps the spans, within the limits: a span ID already kept for the session's trace is skipped
   * (a re-delivered export stores nothing twice); spans past {@code maxSpansPerTrace}, and every
   * span of a trace new to a session that already holds {@code maxTracesPerSession} traces, are
   * counted as dropped instead.
   *
   * @return what was kept and dropped, summed over all groups
   */
  Added addSpans(String project, Collection<SessionSpans> groups, Limits limits);

  /** The spans kept of a trace for a session; {@link StoredTrace#EMPTY} when there are none. */
  StoredTrace trace(String project, String sessionId, String traceId);

  /**
   * For each trace ID that is linked to sessions of the project: those sessions (from the trace
   * links).
   */
  Map<String, Set<String>> linkedSessions(String project, Collection<String> traceIds);

  /**
   * Deletes the spans of up to {@code limit} sessions that received their first span before {@code
   * createdBefore} and still have no recording (spans may arrive before a session's first batch,
   * and sessions buffered in the browser for errors may never be sent). Returns how many sessions.
   */
  int purgeUnrecorded(long createdBefore, int limit);

  /** {@code replaylink.traces.*} limits. */
  record Limits(int maxSpansPerTrace, int maxTracesPerSession) {}

  /** Spans kept and dropped by one {@link #addSpans} call. */
  record Added(int kept, int dropped) {}
}
