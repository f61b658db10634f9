package dev.replaylink.service.storage;

import dev.replaylink.service.model.InsightCategory;
import dev.replaylink.service.model.InsightGroup;
import java.util.Collection;
import java.util.List;

/** Markers grouped across sessions for the insights view. Never writes. */
public interface InsightSearch {

  /**
   * The most frequent groups of one insights category among markers with {@code from <= timestamp <
   * to}, ordered by sessions affected, then occurrences, then latest occurrence; at most {@code
   * limit}.
   */
  List<InsightGroup> insights(
      Collection<String> projects, InsightCategory category, long from, long to, int limit);
}
