package dev.replaylink.service.ingest;

import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.metrics.ServiceMeters;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code POST /api/v1/ingest}: one batch of rrweb events from the browser. Validation happens in
 * full before storage, and storage is atomic per batch, so a refused request stores nothing. Each
 * request counts once in {@code replaylink.ingest.batches} with its outcome.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller("/api/v1")
final class IngestController {
  private final IngestAuthenticator authenticator;
  private final IngestPipeline pipeline;

  private final ServiceMeters meters;

  IngestController(
      IngestAuthenticator authenticator, IngestPipeline pipeline, ServiceMeters meters) {
    this.meters = meters;
    this.authenticator = authenticator;
    this.pipeline = pipeline;
  }

  @Post(uri = "/ingest", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<IngestResponse> ingest(HttpRequest<?> request, @Body @Nullable byte[] body) {
    long receivedAt = System.currentTimeMillis();
    String project = ServiceMeters.UNKNOWN_PROJECT;
    try {
      Project p = authenticator.forBrowser(request);
      project = p.name();
      IngestResponse response =
          pipeline.ingest(
              p, body, request.getHeaders().get(HttpHeaders.CONTENT_ENCODING), receivedAt);
      meters.batch(project, response.duplicate() ? "duplicate" : "accepted");
      return HttpResponse.ok(response);
    } catch (ApiException e) {
      meters.batch(project, e.code());
      throw e;
    } catch (StorageException e) {
      meters.batch(project, ApiException.STORAGE_UNAVAILABLE);
      throw e;
    }
  }
}
