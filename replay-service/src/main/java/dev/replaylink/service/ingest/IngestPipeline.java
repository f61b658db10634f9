package dev.replaylink.service.ingest;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.index.BatchIndexer;
import dev.replaylink.service.index.ClockSkew;
import dev.replaylink.service.index.PrivacyFilter;
import dev.replaylink.service.storage.RecordingWriter;
import dev.replaylink.service.storage.SessionLimits;
import dev.replaylink.service.storage.WriteResult;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * One ingest request from bytes to storage: limits, decompression, parsing and validation, clock
 * skew, page exclusion, the privacy net, indexing, and the atomic write. Everything that can refuse
 * the batch runs before the write, so a refused batch stores nothing.
 */
@Singleton
public final class IngestPipeline {
  private final IngestConfiguration limits;
  private final RateLimiter rateLimiter;
  private final PrivacyFilter privacy;
  private final RecordingWriter writer;
  private final BatchParser parser;
  private final SessionLimits sessionLimits;

  IngestPipeline(IngestConfiguration limits, RateLimiter rateLimiter, PrivacyFilter privacy, RecordingWriter writer) {
    this.limits = limits;
    this.rateLimiter = rateLimiter;
    this.privacy = privacy;
    this.writer = writer;
    this.parser = new BatchParser(limits.getMaxEventsPerBatch(), limits.getMaxDecompressedBytes());
    this.sessionLimits = new SessionLimits(limits.getMaxSessionBytes(), limits.getMaxSessionDuration().toMillis());
  }

  public IngestResponse ingest(Project project, byte[] body, String contentEncoding, long receivedAt) {
    if (!rateLimiter.tryAcquireForKey(project.name())) {
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests for this ingest key; retry later.");
    }
    byte[] json = BodyDecoder.decode(body, contentEncoding, limits.getMaxCompressedBytes(), limits.getMaxDecompressedBytes());
    ParsedBatch batch = parser.parse(json);
    if (!rateLimiter.tryAcquireForSession(project.name(), batch.sessionId())) {
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many batches for this session; retry later.");
    }
    batch = ClockSkew.correct(batch, receivedAt, limits.getClockSkewTolerance().toMillis(), limits.getMaxEventAge().toMillis());
    batch = PageExclusion.apply(project, batch);
    privacy.apply(project.name(), batch);
    WriteResult result = writer.writeBatch(BatchIndexer.index(project.name(), batch, receivedAt), sessionLimits);
    if (result.limitReached() != null) {
      throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "session_limit_reached", "bytes".equals(result.limitReached())
          ? "This session reached its stored-size limit (" + limits.getMaxSessionBytes() + " bytes); start a new session."
          : "This session reached its length limit (" + limits.getMaxSessionDuration() + "); start a new session.");
    }
    return new IngestResponse(result.accepted(), result.duplicate());
  }

  /** Drops events recorded on pages whose URL matches the project's blocked-url-patterns. */
  static final class PageExclusion {
    private PageExclusion() {}

    static ParsedBatch apply(Project project, ParsedBatch batch) {
      if (project.blockedUrlPatterns().isEmpty()) {
        return batch;
      }
      List<RawEvent> kept = new ArrayList<>(batch.events().size());
      boolean blocked = false;
      for (RawEvent e : batch.events()) {
        if (e.type() == RawEvent.META) {
          blocked = project.blocksUrl(e.node().path("data").path("href").asText(null));
        } else if ("navigation".equals(e.customTag())) {
          blocked = project.blocksUrl(e.payload().path("url").asText(null));
        }
        if (!blocked) {
          kept.add(e);
        }
      }
      return kept.size() == batch.events().size() ? batch
          : new ParsedBatch(batch.sessionId(), batch.windowId(), batch.seq(), batch.sentAt(), batch.userId(), kept);
    }
  }
}
