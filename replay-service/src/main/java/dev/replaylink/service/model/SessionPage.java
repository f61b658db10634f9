package dev.replaylink.service.model;

import java.util.List;

/** A page of sessions; {@code next} is null on the last page. */
public record SessionPage(List<SessionSummary> sessions, SessionQuery.Cursor next) {}
