package dev.replaylink.service.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.model.Chunk;
import dev.replaylink.service.model.IndexedBatch;
import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.RawEvent;
import dev.replaylink.service.model.SessionDelta;
import dev.replaylink.service.model.TraceLink;
import dev.replaylink.service.model.WindowPage;
import dev.replaylink.service.storage.ChunkCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a batch means: chunks cut at full snapshots (so a replay can start at any checkout),
 * markers, trace links (trace → session, from each traced network request) and session counters.
 * Pure and thread-safe.
 */
public final class BatchIndexer {
  private BatchIndexer() {}

  /** Indexes a batch on its own, as the first batch of a new session with no page blocked. */
  public static IndexedBatch index(String project, ParsedBatch batch, long receivedAt) {
    return index(
        project, PageTracking.walk(batch, WindowPage.NEW_SESSION, url -> false), receivedAt);
  }

  /**
   * Indexes the batch of a page walk. A Meta event that opens a new page (a page load, see {@link
   * PageTracking}) gets a {@code navigation} marker, so later page loads count as visited pages
   * like in-page navigation; a {@code navigation} event that opens nothing gets none.
   */
  public static IndexedBatch index(String project, PageTracking.Result pages, long receivedAt) {
    ParsedBatch batch = pages.batch();
    List<RawEvent> events = batch.events();
    List<Marker> markers = new ArrayList<>();
    List<TraceLink> links = new ArrayList<>();
    int errors = 0;
    int rage = 0;
    int dead = 0;
    int thrash = 0;
    String userId = batch.userId();
    String entryUrl = null;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (RawEvent e : events) {
      first = Math.min(first, e.timestamp());
      last = Math.max(last, e.timestamp());
      if (e.type() == RawEvent.META && entryUrl == null && e.data() != null) {
        entryUrl = MarkerExtractor.text(e.data(), "href");
      }
      if (e.type() == RawEvent.META && pages.pageOpenings().contains(e)) {
        markers.add(MarkerExtractor.navigation(batch.sessionId(), e, PageTracking.pageUrl(e)));
      }
      String tag = e.customTag();
      if (tag == null) {
        continue;
      }
      Marker marker = MarkerExtractor.markerFor(batch.sessionId(), e);
      if (marker != null
          && MarkerKinds.NAVIGATION.equals(tag)
          && !pages.pageOpenings().contains(e)) {
        marker = null;
      }
      if (marker != null) {
        markers.add(marker);
      }
      JsonNode p = e.payload();
      switch (tag) {
        case MarkerKinds.ERROR -> errors++;
        case MarkerKinds.RAGE_CLICK -> rage++;
        case MarkerKinds.DEAD_CLICK -> dead++;
        case MarkerKinds.MOUSE_THRASH -> thrash++;
        case "identify" -> {
          String id = MarkerExtractor.text(p, "userId");
          if (id != null && !id.isEmpty() && id.length() <= 256) {
            userId = id;
          }
        }
        case MarkerKinds.NETWORK -> {
          String traceId = TraceIds.normalize(MarkerExtractor.text(p, "traceId"));
          if (traceId != null) {
            links.add(new TraceLink(traceId, batch.sessionId(), e.timestamp(), "browser"));
          }
        }
        default -> {}
      }
    }
    if (entryUrl != null && entryUrl.length() > 2048) {
      entryUrl = entryUrl.substring(0, 2048);
    }
    List<Chunk> chunks = chunks(batch.windowId(), events);
    long bytes = chunks.stream().mapToLong(c -> c.data().length).sum();
    SessionDelta delta =
        events.isEmpty()
            ? new SessionDelta(receivedAt, receivedAt, userId, null, 0, 0, 0, 0, 0, 0)
            : new SessionDelta(
                first, last, userId, entryUrl, events.size(), errors, rage, dead, thrash, bytes);
    return new IndexedBatch(
        project,
        batch.sessionId(),
        batch.windowId(),
        batch.seq(),
        batch.sentAt(),
        receivedAt,
        chunks,
        markers,
        links,
        delta,
        pages.changed(),
        pages.before());
  }

  /**
   * Splits events into chunks, starting a new chunk at every Meta event followed by a FullSnapshot.
   */
  static List<Chunk> chunks(String windowId, List<RawEvent> events) {
    List<Chunk> chunks = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= events.size(); i++) {
      boolean boundary = i == events.size() || startsSnapshot(events, i);
      if (boundary) {
        chunks.add(chunk(windowId, events.subList(start, i), startsSnapshot(events, start)));
        start = i;
      }
    }
    return chunks;
  }

  private static boolean startsSnapshot(List<RawEvent> events, int i) {
    return i + 1 < events.size()
        && events.get(i).type() == RawEvent.META
        && events.get(i + 1).type() == RawEvent.FULL_SNAPSHOT;
  }

  private static Chunk chunk(String windowId, List<RawEvent> events, boolean snapshot) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    List<String> json = new ArrayList<>(events.size());
    for (RawEvent e : events) {
      first = Math.min(first, e.timestamp());
      last = Math.max(last, e.timestamp());
      json.add(EventJson.write(e.node()));
    }
    return new Chunk(windowId, first, last, events.size(), snapshot, ChunkCodec.encode(json));
  }
}
