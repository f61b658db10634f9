package dev.replaylink.service.model;

/**
 * What ingest needs to know about a window before its next batch.
 *
 * @param current the window's page as last stored, or null when none is stored yet
 * @param sessionHasEntryPage whether the session already has its entry page (so any other page is a
 *     visit)
 */
public record WindowPage(PageState current, boolean sessionHasEntryPage) {
  /** The first window of a new session: no page yet, no entry page. */
  public static final WindowPage NEW_SESSION = new WindowPage(null, false);
}
