package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.model.EventSlice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event reads from every start point. */
public abstract class EventReaderSuite extends StorageSuite {
  @Test
  void eventsStartAtLastFullSnapshotAtOrBeforeFrom() {
    String session = randomId("s");
    String window = "w-window-1";
    write(session, window, 0, recording(T0, 4));
    // second batch: two incrementals, then a checkout at T0+10s, then more
    List<ObjectNode> second =
        new ArrayList<>(List.of(incremental(T0 + 8000), incremental(T0 + 9000)));
    second.addAll(recording(T0 + 10_000, 3));
    write(session, window, 1, second);

    EventSlice atEleven = storage().events().events(PROJECT, session, T0 + 11_000).orElseThrow();
    JsonNode first = parse(atEleven.events().get(0));
    assertEquals(4, first.get("type").asInt());
    assertEquals(T0 + 10_000, first.get("timestamp").asLong());
    assertEquals(5, atEleven.events().size());

    EventSlice atNine = storage().events().events(PROJECT, session, T0 + 9_000).orElseThrow();
    assertEquals(T0, parse(atNine.events().get(0)).get("timestamp").asLong());
    assertEquals(13, atNine.events().size());

    EventSlice beforeStart = storage().events().events(PROJECT, session, T0 - 60_000).orElseThrow();
    assertEquals(T0, parse(beforeStart.events().get(0)).get("timestamp").asLong());
  }

  @Test
  void eventsAreInOrderAcrossBatches() {
    String session = randomId("s");
    List<ObjectNode> all = recording(T0, 12);
    for (int i = 0; i * 4 < all.size(); i++) {
      write(session, "w-window-1", i, all.subList(i * 4, Math.min(all.size(), i * 4 + 4)));
    }
    List<String> events = storage().events().events(PROJECT, session, null).orElseThrow().events();
    assertEquals(all.size(), events.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(
          all.get(i).get("timestamp").asLong(), parse(events.get(i)).get("timestamp").asLong());
    }
  }
}
