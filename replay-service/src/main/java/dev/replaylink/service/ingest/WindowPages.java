package dev.replaylink.service.ingest;

import dev.replaylink.service.auth.Project;
import dev.replaylink.service.index.PageTracking;
import dev.replaylink.service.model.PageState;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.WindowPage;
import dev.replaylink.service.storage.PageStateStore;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page each window is on before its next batch, from the database (so it holds across instances
 * and restarts), read only when the batch needs it: the project blocks pages, or the batch starts
 * one. A small cache answers for a window whose previous batch (seq - 1) this instance stored
 * itself; then no other instance can have changed the window's page since. Thread-safe.
 */
@Singleton
final class WindowPages {
  static final int CACHE_SIZE = 10_000;

  private final PageStateStore storage;
  private final Map<Key, Entry> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  WindowPages(PageStateStore storage) {
    this.storage = storage;
  }

  /**
   * The batch with blocked pages' events removed, and the pages it opens. Reads storage when
   * needed.
   */
  PageTracking.Result walk(Project project, ParsedBatch batch) {
    boolean blocking = !project.blockedUrlPatterns().isEmpty();
    if (!blocking && !PageTracking.startsAPage(batch)) {
      return PageTracking.walk(batch, null, project::blocksUrl);
    }
    return PageTracking.walk(batch, before(project.name(), batch), project::blocksUrl);
  }

  private WindowPage before(String project, ParsedBatch batch) {
    Key key = new Key(project, batch.sessionId(), batch.windowId());
    synchronized (cache) {
      Entry e = cache.get(key);
      if (e != null && e.seq == batch.seq() - 1) {
        return new WindowPage(e.page, true, true);
      }
    }
    return storage.windowPage(project, batch.sessionId(), batch.windowId());
  }

  /** Records the window's page after a batch this instance has just stored (not a duplicate). */
  void stored(String project, ParsedBatch batch, PageTracking.Result pages) {
    Key key = new Key(project, batch.sessionId(), batch.windowId());
    synchronized (cache) {
      Entry previous = cache.get(key);
      boolean continues = previous != null && previous.seq == batch.seq() - 1;
      if (pages.before() != null && pages.sessionHasEntryPage()) {
        cache.put(key, new Entry(batch.seq(), pages.after()));
      } else if (pages.before() == null && continues) {
        cache.put(
            key, new Entry(batch.seq(), previous.page)); // a batch that starts no page changes none
      } else if (previous != null && previous.seq < batch.seq()) {
        cache.remove(key);
      }
    }
  }

  /** Empties the cache, so every window's page is read from storage again. */
  void clear() {
    synchronized (cache) {
      cache.clear();
    }
  }

  private record Key(String project, String sessionId, String windowId) {}

  /**
   * The window's page (null: none yet) after the batch {@code seq}; the session has an entry page.
   */
  private record Entry(long seq, PageState page) {}
}
