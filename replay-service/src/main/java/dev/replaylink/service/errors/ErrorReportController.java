package dev.replaylink.service.errors;

import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.ingest.BodyDecoder;
import dev.replaylink.service.ingest.IngestAuthenticator;
import dev.replaylink.service.ingest.RateLimiter;
import dev.replaylink.service.metrics.ServiceMeters;
import dev.replaylink.service.storage.MarkerStore;
import dev.replaylink.service.storage.StorageException;
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
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;

/**
 * {@code POST /api/v1/errors}: a backend error (for example a Sentry event) reported for a session,
 * stored as a {@code backend-error} marker that links back to the error. The whole body is
 * validated before storage, so a refused report stores nothing; a re-delivered report (same source
 * and event ID) is acknowledged as a duplicate.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller("/api/v1")
final class ErrorReportController {
  private final IngestAuthenticator authenticator;
  private final RateLimiter rateLimiter;
  private final IngestConfiguration limits;
  private final MarkerStore writer;
  private final ErrorReportParser parser = new ErrorReportParser();
  private final ServiceMeters meters;

  ErrorReportController(
      IngestAuthenticator authenticator,
      RateLimiter rateLimiter,
      IngestConfiguration limits,
      MarkerStore writer,
      ServiceMeters meters) {
    this.meters = meters;
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.writer = writer;
  }

  @Post(uri = "/errors", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<ErrorReportResponse> report(HttpRequest<?> request, @Body @Nullable byte[] body) {
    String name = ServiceMeters.UNKNOWN_PROJECT;
    try {
      Project project = authenticator.forBackend(request);
      name = project.name();
      ErrorReportResponse response = store(project, request, body);
      meters.errorReport(name, response.duplicate() ? "duplicate" : "accepted");
      return HttpResponse.ok(response);
    } catch (ApiException e) {
      meters.errorReport(name, e.code());
      throw e;
    } catch (StorageException e) {
      meters.errorReport(name, ApiException.STORAGE_UNAVAILABLE);
      throw e;
    }
  }

  private ErrorReportResponse store(Project project, HttpRequest<?> request, byte[] body) {
    if (!rateLimiter.tryAcquireForKey(project.name())) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          RefusalReasons.RATE_LIMITED,
          "Too many requests for this ingest key; retry later.");
    }
    int maxCompressed = Math.min(limits.getMaxCompressedBytes(), ErrorReportParser.MAX_BODY);
    int maxDecompressed = Math.min(limits.getMaxDecompressedBytes(), ErrorReportParser.MAX_BODY);
    byte[] json =
        BodyDecoder.decode(
            body,
            request.getHeaders().get(HttpHeaders.CONTENT_ENCODING),
            maxCompressed,
            maxDecompressed);
    ErrorReport report = parser.parse(json);
    int stored = writer.addMarkers(project.name(), List.of(ErrorMarkers.of(report)));
    return new ErrorReportResponse(stored, stored == 0);
  }
}
