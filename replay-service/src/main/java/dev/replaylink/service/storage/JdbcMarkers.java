package dev.replaylink.service.storage;

import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.TraceLink;
import java.util.Collection;
import java.util.List;

/** Markers and trace links: writes through the writer's transactions, reads through the reader. */
final class JdbcMarkers implements MarkerStore {
  private final JdbcRecordingWriter writer;
  private final JdbcRecordingReader reader;

  JdbcMarkers(JdbcRecordingWriter writer, JdbcRecordingReader reader) {
    this.writer = writer;
    this.reader = reader;
  }

  @Override
  public int addMarkers(String project, Collection<Marker> markers) {
    return writer.addMarkers(project, markers);
  }

  @Override
  public int addTraceLinks(String project, Collection<TraceLink> links) {
    return writer.addTraceLinks(project, links);
  }

  @Override
  public List<Marker> markers(String project, String sessionId) {
    return reader.markers(project, sessionId);
  }

  @Override
  public List<TraceLink> traceLinks(Collection<String> projects, String traceId) {
    return reader.traceLinks(projects, traceId);
  }
}
