package dev.replaylink.service.storage;

import dev.replaylink.service.model.WindowPage;

/** The page each window of a session is on, which ingest needs to continue a blocked page. */
public interface PageStateStore {

  /**
   * The page a window of a session is on as of its last stored batch, and whether the session has
   * an entry page (so ingest tells a new page from a reload of the same one). Written by {@link
   * BatchWriter#writeBatch} from {@code IndexedBatch.pageState()}.
   */
  WindowPage windowPage(String project, String sessionId, String windowId);
}
