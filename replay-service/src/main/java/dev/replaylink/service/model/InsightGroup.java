package dev.replaylink.service.model;

import java.util.List;

/**
 * Markers of one kind grouped across sessions (one error, one failing endpoint, one frustrating
 * element on a page) within a time range.
 *
 * @param key the grouping key: "Type: message", a backend error's label, {@code METHOD /path}, or a
 *     selector
 * @param page for frustration targets, the page the clicks happened on (last navigation, else the
 *     entry page); otherwise null
 * @param users distinct identified users (sessions without a user ID are not counted)
 * @param lastSeen the latest occurrence, in {@code lastSessionId}
 * @param daily occurrences per UTC day that had any, oldest first
 */
public record InsightGroup(
    String kind,
    String key,
    String page,
    long occurrences,
    long sessions,
    long users,
    long lastSeen,
    String lastSessionId,
    List<DailyCount> daily) {

  /** Occurrences on the UTC day starting at {@code dayStart} (epoch ms). */
  public record DailyCount(long dayStart, long count) {}
}
