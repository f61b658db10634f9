package dev.replaylink.service.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.RawEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClockSkewTest {
  static final long NOW = 1_800_000_000_000L;
  static final long TOLERANCE = 60_000;
  static final long MAX_AGE = 48 * 3_600_000L;

  static ParsedBatch batch(long sentAt, long... timestamps) {
    List<RawEvent> events = new java.util.ArrayList<>();
    for (long ts : timestamps) {
      ObjectNode node = TestObjects.incremental(ts);
      events.add(new RawEvent(3, ts, node));
    }
    return new ParsedBatch("session-0001", "window-0001", 0, sentAt, null, events);
  }

  @Test
  void clockWithinToleranceIsTrusted() {
    ParsedBatch b = batch(NOW - 30_000, NOW - 35_000, NOW - 31_000);
    assertSame(b, ClockSkew.correct(b, NOW, TOLERANCE, MAX_AGE));
  }

  @Test
  void clockTwoHoursBehindIsCorrectedInEveryEvent() {
    long behind = 2 * 3_600_000L;
    ParsedBatch b = batch(NOW - behind, NOW - behind - 5000, NOW - behind - 1000);
    ParsedBatch fixed = ClockSkew.correct(b, NOW, TOLERANCE, MAX_AGE);
    assertEquals(NOW - 5000, fixed.events().get(0).timestamp());
    assertEquals(NOW - 1000, fixed.events().get(1).timestamp());
    assertEquals(
        NOW - 1000,
        fixed.events().get(1).node().get("timestamp").asLong(),
        "the stored JSON is corrected too");
  }

  @Test
  void clockAYearAheadIsCorrected() {
    long ahead = 365L * 24 * 3_600_000L;
    ParsedBatch fixed =
        ClockSkew.correct(batch(NOW + ahead, NOW + ahead - 100), NOW, TOLERANCE, MAX_AGE);
    assertEquals(NOW - 100, fixed.events().get(0).timestamp());
  }

  @Test
  void eventsFarFromTheirOwnBatchAreRefused() {
    ClockSkew.OutOfRange future =
        assertThrows(
            ClockSkew.OutOfRange.class,
            () -> ClockSkew.correct(batch(NOW, NOW + 3_600_000L), NOW, TOLERANCE, MAX_AGE));
    assertTrue(future.getMessage().contains("in the future"), future.getMessage());
    ClockSkew.OutOfRange past =
        assertThrows(
            ClockSkew.OutOfRange.class,
            () ->
                ClockSkew.correct(
                    batch(NOW, NOW - 30L * 24 * 3_600_000L), NOW, TOLERANCE, MAX_AGE));
    assertTrue(past.getMessage().contains("older than the accepted age"), past.getMessage());
  }
}
