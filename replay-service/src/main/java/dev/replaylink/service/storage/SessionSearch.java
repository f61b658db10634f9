package dev.replaylink.service.storage;

import dev.replaylink.service.model.SessionPage;
import dev.replaylink.service.model.SessionQuery;
import dev.replaylink.service.model.SessionSummary;
import java.util.Collection;
import java.util.Optional;

/** Session search and lookup, limited to the projects the caller may read. Never writes. */
public interface SessionSearch {

  /** One page of sessions matching the query, in its order (see {@link SessionQuery}). */
  SessionPage searchSessions(SessionQuery query);

  /**
   * The session of that ID in one of {@code projects} (the first project by name when several have
   * it).
   */
  Optional<SessionSummary> session(Collection<String> projects, String sessionId);
}
