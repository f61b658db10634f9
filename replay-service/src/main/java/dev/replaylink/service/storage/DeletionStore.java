package dev.replaylink.service.storage;

import java.util.Collection;

/** Deletion on request and by retention. Each session goes in its own short transaction. */
public interface DeletionStore {

  /**
   * Deletes a session's events, markers, trace links, page states and batch keys. Nothing of it is
   * left, so a batch of it arriving later (the browser still recording, or retrying) starts it
   * again.
   *
   * @return whether it existed
   */
  boolean deleteSession(String project, String sessionId);

  /** Deletes every session of a user in the given projects. Returns how many sessions. */
  int deleteUserSessions(Collection<String> projects, String userId);

  /**
   * Deletes up to {@code limit} sessions of a project that ended before {@code cutoff}, and the
   * page states of windows unchanged since then. A session that a concurrent batch extended past
   * the cutoff is kept (its end is checked again under the session's lock). Returns how many
   * sessions.
   */
  int purgeEndedBefore(String project, long cutoff, int limit);

  /**
   * Deletes up to {@code limit} batch keys of a project received before {@code cutoff} (those of
   * batches that left no session, e.g. empty ones; deleting a session deletes its keys). A retry of
   * such a batch would be stored again. Returns how many.
   */
  int purgeBatchKeysBefore(String project, long cutoff, int limit);
}
