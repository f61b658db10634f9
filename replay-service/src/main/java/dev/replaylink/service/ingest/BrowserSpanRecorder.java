package dev.replaylink.service.ingest;

import dev.replaylink.service.config.ReplaylinkConfiguration;
import dev.replaylink.service.config.TracesConfiguration;
import dev.replaylink.service.index.BrowserSpans;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.SessionSpans;
import dev.replaylink.service.storage.SpanStore;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a batch is stored: its traced requests become client spans in the span store (the root of
 * each trace in the trace view) and are published as {@link BrowserSpans.Recorded} for export. Also
 * run for a retried batch, so a retry repairs spans a failed attempt did not keep; the store skips
 * span IDs it holds. A failure here is logged and never fails the acknowledged batch.
 */
@Singleton
final class BrowserSpanRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(BrowserSpanRecorder.class);

  private final SpanStore store;
  private final ReplaylinkConfiguration config;
  private final SpanStore.Limits limits;
  private final ApplicationEventPublisher<BrowserSpans.Recorded> publisher;

  BrowserSpanRecorder(
      SpanStore store,
      ReplaylinkConfiguration config,
      TracesConfiguration traces,
      ApplicationEventPublisher<BrowserSpans.Recorded> publisher) {
    this.store = store;
    this.config = config;
    this.limits =
        new SpanStore.Limits(traces.getMaxSpansPerTrace(), traces.getMaxTracesPerSession());
    this.publisher = publisher;
  }

  void recorded(String project, ParsedBatch batch, boolean duplicate) {
    List<SessionSpans> groups =
        BrowserSpans.of(
            batch.sessionId(), batch.events(), at -> config.replayUrl(batch.sessionId(), at));
    if (groups.isEmpty()) {
      return;
    }
    try {
      store.addSpans(project, groups, limits);
    } catch (StorageException e) {
      LOG.warn(
          "Browser spans of session {} were not kept for the trace view", batch.sessionId(), e);
    }
    if (!duplicate) {
      try {
        publisher.publishEvent(
            new BrowserSpans.Recorded(
                project, groups.stream().flatMap(g -> g.spans().stream()).toList()));
      } catch (RuntimeException e) {
        // the batch is stored and acknowledged whatever an export listener does
        LOG.warn(
            "Browser spans of session {} were not handed over for export", batch.sessionId(), e);
      }
    }
  }
}
