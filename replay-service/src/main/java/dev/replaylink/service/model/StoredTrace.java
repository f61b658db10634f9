package dev.replaylink.service.model;

import java.util.List;

/**
 * The spans kept of one trace for one session, in start order, and how many of its spans were not
 * kept: over {@code max-spans-per-trace}, or all of them when the session already held {@code
 * max-traces-per-session} traces ({@code kept == false}).
 */
public record StoredTrace(List<StoredSpan> spans, long droppedSpans, boolean kept) {
  public static final StoredTrace EMPTY = new StoredTrace(List.of(), 0, true);
}
