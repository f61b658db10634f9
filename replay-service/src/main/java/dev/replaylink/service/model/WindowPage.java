package dev.replaylink.service.model;

/**
 * What ingest needs to know about a window before its next batch.
 *
 * @param current the window's page as last stored, or null when none is stored yet
 * @param sessionHasEntryPage whether the session already has its entry page (so any other page is a
 *     visit)
 * @param sessionStored whether the session's row was stored when this was read; only a hint for the
 *     order of the batch's statements, which stay correct either way
 */
public record WindowPage(PageState current, boolean sessionHasEntryPage, boolean sessionStored) {
  /** The first window of a new session: no page yet, no entry page. */
  public static final WindowPage NEW_SESSION = new WindowPage(null, false, false);

  /** A window of a session that is stored once it has an entry page. */
  public WindowPage(PageState current, boolean sessionHasEntryPage) {
    this(current, sessionHasEntryPage, sessionHasEntryPage);
  }
}
