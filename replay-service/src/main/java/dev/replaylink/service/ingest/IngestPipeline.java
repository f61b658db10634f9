package dev.replaylink.service.ingest;

import dev.replaylink.protocol.PauseReasons;
import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.index.BatchIndexer;
import dev.replaylink.service.index.ClockSkew;
import dev.replaylink.service.index.PageTracking;
import dev.replaylink.service.index.PrivacyFilter;
import dev.replaylink.service.index.RecordingPaused;
import dev.replaylink.service.metrics.ServiceMeters;
import dev.replaylink.service.model.ParsedBatch;
import dev.replaylink.service.model.SessionLimits;
import dev.replaylink.service.model.WriteResult;
import dev.replaylink.service.storage.BatchWriter;
import dev.replaylink.service.storage.MarkerStore;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
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
  private final BatchWriter writer;
  private final MarkerStore markers;
  private final BatchParser parser;
  private final SessionLimits sessionLimits;
  private final WindowPages windowPages;
  private final BrowserSpanRecorder browserSpans;
  private final ServiceMeters meters;

  IngestPipeline(
      IngestConfiguration limits,
      RateLimiter rateLimiter,
      PrivacyFilter privacy,
      BatchWriter writer,
      MarkerStore markers,
      WindowPages windowPages,
      BrowserSpanRecorder browserSpans,
      ServiceMeters meters) {
    this.meters = meters;
    this.markers = markers;
    this.browserSpans = browserSpans;
    this.limits = limits;
    this.windowPages = windowPages;
    this.rateLimiter = rateLimiter;
    this.privacy = privacy;
    this.writer = writer;
    this.parser = new BatchParser(limits.getMaxEventsPerBatch(), limits.getMaxDecompressedBytes());
    this.sessionLimits =
        new SessionLimits(limits.getMaxSessionBytes(), limits.getMaxSessionDuration().toMillis());
  }

  public IngestResponse ingest(
      Project project, byte[] body, String contentEncoding, long receivedAt) {
    if (!rateLimiter.tryAcquireForKey(project.name())) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          RefusalReasons.RATE_LIMITED,
          "Too many requests for this ingest key; retry later.");
    }
    byte[] json =
        BodyDecoder.decode(
            body,
            contentEncoding,
            limits.getMaxCompressedBytes(),
            limits.getMaxDecompressedBytes());
    meters.bytes(project.name(), body.length, json.length);
    ParsedBatch batch = parser.parse(json);
    if (!rateLimiter.tryAcquireForSession(project.name(), batch.sessionId())) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          RefusalReasons.RATE_LIMITED,
          "Too many batches for this session; retry later.");
    }
    try {
      batch =
          ClockSkew.correct(
              batch,
              receivedAt,
              limits.getClockSkewTolerance().toMillis(),
              limits.getMaxEventAge().toMillis());
    } catch (ClockSkew.OutOfRange e) {
      throw ApiException.badRequest("timestamp_out_of_range", e.getMessage());
    }
    PageTracking.Result pages = windowPages.walk(project, batch);
    privacy.apply(project.name(), pages.batch());
    WriteResult result =
        writer.writeBatch(BatchIndexer.index(project.name(), pages, receivedAt), sessionLimits);
    if (!result.duplicate() && result.limitReached() == null) {
      windowPages.stored(project.name(), batch, pages);
    }
    if (result.limitReached() == null) {
      browserSpans.recorded(project.name(), pages.batch(), result.duplicate());
    }
    if (result.limitReached() != null) {
      markers.addMarkers(
          project.name(),
          List.of(
              RecordingPaused.marker(
                  batch.sessionId(), result.limitReached(), result.stoppedAt(), sessionLimits)));
      throw new ApiException(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          RefusalReasons.SESSION_LIMIT_REACHED,
          PauseReasons.LIMIT_BYTES.equals(result.limitReached())
              ? "This session reached its stored-size limit ("
                  + limits.getMaxSessionBytes()
                  + " bytes); start a new session."
              : "This session reached its length limit ("
                  + limits.getMaxSessionDuration()
                  + "); start a new session.");
    }
    meters.events(project.name(), result.accepted());
    return new IngestResponse(result.accepted(), result.duplicate());
  }
}
