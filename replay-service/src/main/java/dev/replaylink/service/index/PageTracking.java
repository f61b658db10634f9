package dev.replaylink.service.index;

import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.model.PageState;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.RawEvent;
import dev.replaylink.service.model.WindowPage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Follows a window from page to page through a batch, starting where its previous batch left it. A
 * page starts at a Meta event (a page load or a checkout, {@code data.href}) or a {@code
 * navigation} custom event ({@code payload.url}). Events on a blocked page are dropped up to the
 * next page that is not blocked. A page start whose URL differs from the window's current page
 * opens a new page, unless it is the session's entry page; a checkout of the same page, or a page
 * load and a {@code navigation} event for the same URL, open nothing. Pure and thread-safe.
 */
public final class PageTracking {
  private PageTracking() {}

  /**
   * @param batch the batch with the events of blocked pages removed
   * @param pageOpenings the kept events (Meta or navigation) that open a new page
   * @param before where the walk started; null when it started without knowing the window's page
   * @param after the window's page after the batch, or null when none is known
   * @param changed {@code after} when the batch changed the window's page, else null
   * @param sessionHasEntryPage whether the session has an entry page once this batch is stored
   */
  public record Result(
      ParsedBatch batch,
      Set<RawEvent> pageOpenings,
      WindowPage before,
      PageState after,
      PageState changed,
      boolean sessionHasEntryPage) {}

  /**
   * @param before the window's page before this batch; null when not known (then the batch is
   *     walked as the window's first)
   */
  public static Result walk(ParsedBatch batch, WindowPage before, Predicate<String> blocksUrl) {
    PageState start = before == null ? null : before.current();
    String page = start == null ? null : start.pageKey();
    boolean blocked = start != null && start.blocked();
    boolean hasEntry = before != null && before.sessionHasEntryPage();
    List<RawEvent> kept = new ArrayList<>(batch.events().size());
    Set<RawEvent> openings = Collections.newSetFromMap(new IdentityHashMap<>());
    for (RawEvent e : batch.events()) {
      boolean pageStart = e.type() == RawEvent.META || MarkerKinds.NAVIGATION.equals(e.customTag());
      if (pageStart) {
        String url = pageUrl(e);
        if (url == null) {
          blocked = false;
        } else {
          String key = PageState.keyOf(url);
          blocked = blocksUrl.test(url);
          if (!blocked && hasEntry && !key.equals(page)) {
            openings.add(e);
          }
          if (!blocked && e.type() == RawEvent.META) {
            hasEntry = true;
          }
          page = key;
        }
      }
      if (!blocked) {
        kept.add(e);
      }
    }
    PageState changed = null;
    if (page != null
        && (start == null
            || !Objects.equals(page, start.pageKey())
            || blocked != start.blocked())) {
      changed = new PageState(batch.seq(), page, blocked);
    }
    ParsedBatch out =
        kept.size() == batch.events().size()
            ? batch
            : new ParsedBatch(
                batch.sessionId(),
                batch.windowId(),
                batch.seq(),
                batch.sentAt(),
                batch.userId(),
                kept);
    return new Result(out, openings, before, changed != null ? changed : start, changed, hasEntry);
  }

  /**
   * Whether the batch has an event that can start a page (only such batches need the window's
   * page).
   */
  public static boolean startsAPage(ParsedBatch batch) {
    for (RawEvent e : batch.events()) {
      if (e.type() == RawEvent.META || MarkerKinds.NAVIGATION.equals(e.customTag())) {
        return true;
      }
    }
    return false;
  }

  /** The page URL a Meta or navigation event names, or null. */
  static String pageUrl(RawEvent e) {
    if (e.type() == RawEvent.META) {
      return e.data() == null ? null : MarkerExtractor.text(e.data(), "href");
    }
    return MarkerExtractor.text(e.payload(), "url");
  }
}
