package dev.replaylink.service.ingest;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.index.BatchIndexer;
import dev.replaylink.service.storage.IndexedBatch;
import dev.replaylink.service.storage.RecordingWriter;
import dev.replaylink.service.storage.WriteResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code POST /api/v1/ingest}: one batch of rrweb events from the browser. Validation happens in full
 * before storage, and storage is atomic per batch, so a refused request stores nothing.
 */
@Controller("/api/v1")
final class IngestController {
  private final IngestAuthenticator authenticator;
  private final RateLimiter rateLimiter;
  private final IngestConfiguration limits;
  private final BatchParser parser;
  private final RecordingWriter writer;

  IngestController(IngestAuthenticator authenticator, RateLimiter rateLimiter, IngestConfiguration limits, RecordingWriter writer) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.writer = writer;
    this.parser = new BatchParser(limits.getMaxEventsPerBatch(), limits.getMaxDecompressedBytes());
  }

  @Post(uri = "/ingest", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<IngestResponse> ingest(HttpRequest<?> request, @Body @Nullable byte[] body) {
    long receivedAt = System.currentTimeMillis();
    Project project = authenticator.forBrowser(request);
    if (!rateLimiter.tryAcquire(project.name())) {
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests for this ingest key; retry later.");
    }
    byte[] json = BodyDecoder.decode(body, request.getHeaders().get(HttpHeaders.CONTENT_ENCODING),
        limits.getMaxCompressedBytes(), limits.getMaxDecompressedBytes());
    ParsedBatch batch = parser.parse(json);
    IndexedBatch indexed = BatchIndexer.index(project.name(), batch, receivedAt);
    WriteResult result = writer.writeBatch(indexed);
    return HttpResponse.ok(new IngestResponse(result.accepted(), result.duplicate()));
  }
}
