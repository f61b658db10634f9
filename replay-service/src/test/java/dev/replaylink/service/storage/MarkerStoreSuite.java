package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.FIXTURE_TRACE_ID;
import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.custom;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.network;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.model.Compaction;
import dev.replaylink.service.model.EventSlice;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.PageState;
import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionRef;
import dev.replaylink.service.model.SessionSummary;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.model.WindowPage;
import dev.replaylink.service.model.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Markers and trace links outside browser batches. */
public abstract class MarkerStoreSuite extends StorageSuite {
  @Test
  void traceLinkFromNetworkEventFindsSession() {
    String session = randomId("s");
    List<ObjectNode> events = recording(T0, 2);
    events.add(network(T0 + 2500, 500, FIXTURE_TRACE_ID));
    storage().batches().writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, events)));

    List<TraceLink> links = storage().markers().traceLinks(Set.of(PROJECT), FIXTURE_TRACE_ID);
    assertEquals(1, links.size());
    assertEquals(session, links.get(0).sessionId());
    assertEquals(T0 + 2500, links.get(0).timestamp());
    SessionPage page = storage().sessions().searchSessions(query(Set.of(PROJECT), FIXTURE_TRACE_ID, null, null));
    assertEquals(List.of(session), ids(page));
    assertTrue(storage().markers().traceLinks(Set.of(OTHER), FIXTURE_TRACE_ID).isEmpty(), "trace links are scoped to projects");

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
    storage().markers().addTraceLinks(PROJECT, List.of(new TraceLink(trace, session, T0 + 5, "otlp")));
    List<TraceLink> links = storage().markers().traceLinks(Set.of(PROJECT), trace);
    assertEquals(1, links.size(), "one entry per session");
    assertEquals(T0 + 5, links.get(0).timestamp(), "earliest moment");
  }

  @Test
  void backendMarkersAreIdempotentAndCountAsErrors() {
    String session = randomId("s");
    storage().batches().writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, recording(T0, 2))));
    Marker m = new Marker(session, T0 + 1500, "backend-error", "IllegalStateException: boom", null, "https://sentry.example/x", "sentry:abc");
    assertEquals(1, storage().markers().addMarkers(PROJECT, List.of(m)));
    assertEquals(0, storage().markers().addMarkers(PROJECT, List.of(m)));
    assertEquals(1, storage().sessions().session(Set.of(PROJECT), session).orElseThrow().errorCount());
    List<Marker> markers = storage().markers().markers(PROJECT, session);
    assertEquals(1, markers.size());
    assertEquals("https://sentry.example/x", markers.get(0).link());
  }

  @Test
  void backendErrorBeforeRecordingCreatesSessionThatRecordingExtends() {
    String session = randomId("s");
    storage().markers().addMarkers(PROJECT, List.of(new Marker(session, T0 + 1500, "backend-error", "boom", null, null, "otlp:1")));
    storage().batches().writeBatch(indexed(PROJECT, batch(session, "w-window-1", 0, recording(T0, 2))));
    SessionSummary s = storage().sessions().session(Set.of(PROJECT), session).orElseThrow();
    assertEquals(T0, s.startedAt());
    assertEquals(1, s.errorCount());
    assertEquals(4, s.eventCount());
  }
}
