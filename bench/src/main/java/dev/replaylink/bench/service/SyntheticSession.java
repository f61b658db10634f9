package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A long session built from the fixture the way the recorder would send it: a checkout (Meta +
 * FullSnapshot, taken in turn from the fixture's three) every 5 minutes, the fixture's incremental
 * and custom events repeated in between at their recorded pace, cut into one batch per 5 seconds.
 */
public final class SyntheticSession {
  static final long CHECKOUT_MS = 5 * 60_000L;
  static final long BATCH_MS = 5_000L;

  private SyntheticSession() {}

  /** The newest event's timestamp in {@code batches}. */
  public static long end(List<List<ObjectNode>> batches) {
    long end = 0;
    for (List<ObjectNode> batch : batches) {
      for (ObjectNode e : batch) {
        end = Math.max(end, e.get("timestamp").asLong());
      }
    }
    return end;
  }

  /** Batches (lists of events) covering {@code durationMs} from {@code startTs}. */
  public static List<List<ObjectNode>> batches(
      RecordingFixture fixture, long startTs, long durationMs, long seed) {
    Random random = new Random(seed);
    List<ObjectNode> all = fixture.events();
    List<Integer> checkouts = new ArrayList<>();
    List<ObjectNode> incremental = new ArrayList<>();
    List<Long> gaps = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      int type = all.get(i).get("type").asInt();
      if (type == 4 && i + 1 < all.size() && all.get(i + 1).get("type").asInt() == 2) {
        checkouts.add(i);
        i++;
      } else if (type == 3 || type == 5) {
        long gap =
            i == 0
                ? 0
                : Math.max(
                    1,
                    all.get(i).get("timestamp").asLong()
                        - all.get(i - 1).get("timestamp").asLong());
        incremental.add(all.get(i));
        gaps.add(Math.min(gap, 2_000));
      }
    }
    List<List<ObjectNode>> batches = new ArrayList<>();
    List<ObjectNode> current = new ArrayList<>();
    long end = startTs + durationMs;
    long nextCheckout = startTs;
    long batchEnd = startTs + BATCH_MS;
    int checkoutIndex = 0;
    int cursor = 0;
    for (long ts = startTs; ts < end; ) {
      if (ts >= batchEnd) {
        batches.add(current);
        current = new ArrayList<>();
        batchEnd += BATCH_MS;
        continue;
      }
      if (ts >= nextCheckout) {
        int at = checkouts.get(checkoutIndex++ % checkouts.size());
        current.add(RecordingFixture.vary(all.get(at), ts, random));
        current.add(RecordingFixture.vary(all.get(at + 1), ts + 2, random));
        nextCheckout += CHECKOUT_MS;
        ts += 3;
        continue;
      }
      current.add(RecordingFixture.vary(incremental.get(cursor), ts, random));
      ts += gaps.get(cursor);
      cursor = (cursor + 1) % incremental.size();
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }
}
