package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.FIXTURE_TRACE_ID;
import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.network;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.TraceLink;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Markers and trace links outside browser batches. */
public abstract class MarkerStoreSuite extends StorageSuite {
  @Test
  void traceLinkFromNetworkEventFindsSession() {
    String session = randomId("s");
    List<ObjectNode> events = recording(T0, 2);
    events.add(network(T0 + 2500, 500, FIXTURE_TRACE_ID));
    write(session, "w-window-1", 0, events);

    List<TraceLink> links = storage().markers().traceLinks(Set.of(PROJECT), FIXTURE_TRACE_ID);
    assertEquals(1, links.size());
    assertEquals(session, links.get(0).sessionId());
    assertEquals(T0 + 2500, links.get(0).timestamp());
    SessionPage page =
        storage().sessions().searchSessions(query(Set.of(PROJECT), FIXTURE_TRACE_ID, null, null));
    assertEquals(List.of(session), ids(page));
    assertTrue(
        storage().markers().traceLinks(Set.of(OTHER), FIXTURE_TRACE_ID).isEmpty(),
        "trace links are scoped to projects");

    List<Marker> markers = storage().markers().markers(PROJECT, session);
    assertEquals(1, markers.size());
    assertEquals("network", markers.get(0).kind());
    assertEquals(FIXTURE_TRACE_ID, markers.get(0).traceId());
  }

  @Test
  void backendTraceLinksAreDeduplicated() {
    String session = randomId("s");
    String trace = "0af7651916cd43dd8448eb211c80319c";
    TraceLink link = new TraceLink(trace, session, T0 + 10, "otlp");
    assertEquals(1, storage().markers().addTraceLinks(PROJECT, List.of(link, link)));
    assertEquals(0, storage().markers().addTraceLinks(PROJECT, List.of(link)));
    storage()
        .markers()
        .addTraceLinks(PROJECT, List.of(new TraceLink(trace, session, T0 + 5, "otlp")));
    List<TraceLink> links = storage().markers().traceLinks(Set.of(PROJECT), trace);
    assertEquals(1, links.size(), "one entry per session");
    assertEquals(T0 + 5, links.get(0).timestamp(), "earliest moment");
  }

  @Test
  void backendMarkersAreIdempotentAndCountAsErrors() {
    String session = randomId("s");
    write(session, "w-window-1", 0, recording(T0, 2));
    Marker m =
        new Marker(
            session,
            T0 + 1500,
            "backend-error",
            "IllegalStateException: boom",
            null,
            "https://sentry.example/x",
            "sentry:abc");
    assertEquals(1, storage().markers().addMarkers(PROJECT, List.of(m)));
    assertEquals(0, storage().markers().addMarkers(PROJECT, List.of(m)));
    assertEquals(
        1, storage().sessions().session(Set.of(PROJECT), session).orElseThrow().errorCount());
    List<Marker> markers = storage().markers().markers(PROJECT, session);
    assertEquals(1, markers.size());
    assertEquals("https://sentry.example/x", markers.get(0).link());
  }

  @Test
  void backendErrorBeforeRecordingCreatesSessionThatRecordingExtends() {
    String session = randomId("s");
    storage()
        .markers()
        .addMarkers(
            PROJECT,
            List.of(new Marker(session, T0 + 1500, "backend-error", "boom", null, null, "otlp:1")));
    write(session, "w-window-1", 0, recording(T0, 2));
    SessionSummary s = storage().sessions().session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(T0, s.startedAt());
    assertEquals(1, s.errorCount());
    assertEquals(4, s.eventCount());
  }
}
