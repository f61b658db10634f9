package dev.replaylink.service.storage;

import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.TraceLink;
import java.util.Collection;
import java.util.List;

/**
 * Markers and trace links that do not come with a browser batch (backend errors, spans), and their
 * reads. Safe to call from several instances; a re-delivered marker or link is stored once.
 */
public interface MarkerStore {

  /**
   * Adds markers. A marker whose non-null {@link Marker#dedupeKey()} was stored before is skipped;
   * backend errors follow the reconciliation rules of {@code BackendErrors} (a stand-in only while
   * its trace has no other backend error; one marker per failure). Error markers count towards the
   * session's errors; a session not seen yet is created so the error is found once its recording
   * arrives. Returns how many markers were new.
   */
  int addMarkers(String project, Collection<Marker> markers);

  /**
   * Adds trace links; a link already stored (same project, trace, session and timestamp) is
   * skipped. Returns how many were new.
   */
  int addTraceLinks(String project, Collection<TraceLink> links);

  /** Markers of a session in timestamp order (then in the order they were stored). */
  List<Marker> markers(String project, String sessionId);

  /** Sessions a trace was seen in, one link per session (its earliest), earliest first. */
  List<TraceLink> traceLinks(Collection<String> projects, String traceId);
}
