package dev.replaylink.service.otlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.replaylink.protocol.RefusalReasons;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.api.RpcStatus;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.ingest.BodyDecoder;
import dev.replaylink.service.ingest.IngestAuthenticator;
import dev.replaylink.service.ingest.RateLimiter;
import dev.replaylink.service.metrics.ServiceMeters;
import dev.replaylink.service.storage.MarkerStore;
import dev.replaylink.service.storage.SpanStore;
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
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/traces}: the OTLP/HTTP trace receiver, keyed like ingest (project ingest key in
 * {@code X-Replaylink-Key} or {@code ?key=}). Accepts binary protobuf and OTLP/JSON, optionally
 * gzip. Spans with a session become trace links and, when failed, backend-error markers; the spans
 * of linked traces are kept for the trace view ({@link SpanKeeper}); other spans are accepted and
 * dropped. Spans whose session or trace ID is malformed are reported back as rejected in the OTLP
 * partial-success field rather than failing the whole export. A refused export is answered in the
 * client's encoding: {@code google.rpc.Status} to protobuf clients, the API's JSON error to JSON
 * ones.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
final class OtlpTraceController {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpTraceController.class);
  private final IngestAuthenticator authenticator;
  private final RateLimiter rateLimiter;
  private final IngestConfiguration limits;
  private final MarkerStore writer;
  private final OtlpTraceDecoder decoder;
  private final SpanKeeper spans;
  private final ServiceMeters meters;

  OtlpTraceController(
      IngestAuthenticator authenticator,
      RateLimiter rateLimiter,
      IngestConfiguration limits,
      MarkerStore writer,
      ObjectMapper mapper,
      SpanKeeper spans,
      ServiceMeters meters) {
    this.meters = meters;
    this.spans = spans;
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.writer = writer;
    this.decoder = new OtlpTraceDecoder(mapper);
  }

  @Post(uri = "/v1/traces", consumes = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<?> traces(HttpRequest<?> request, @Body @Nullable byte[] body) {
    if (!RpcStatus.wantsProtobuf(request.getHeaders().get(HttpHeaders.CONTENT_TYPE))) {
      return receive(request, body);
    }
    try {
      return receive(request, body);
    } catch (ApiException e) {
      return RpcStatus.response(e.status(), e.getMessage());
    } catch (StorageException e) {
      LOG.error("OTLP export failed in storage", e);
      return RpcStatus.response(
          HttpStatus.SERVICE_UNAVAILABLE,
          "The database could not complete the request; nothing was changed. Retry later.");
    }
  }

  private HttpResponse<byte[]> receive(HttpRequest<?> request, byte[] body) {
    Project project = authenticator.forBackend(request);
    if (!rateLimiter.tryAcquireForKey(project.name())) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          RefusalReasons.RATE_LIMITED,
          "Too many requests for this ingest key; retry later.");
    }
    String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
    byte[] raw =
        BodyDecoder.decode(
            body,
            request.getHeaders().get(HttpHeaders.CONTENT_ENCODING),
            limits.getMaxCompressedBytes(),
            limits.getMaxDecompressedBytes());
    ExportTraceServiceRequest export = decoder.decode(raw, contentType);
    OtlpSpanIndexer.Result result = OtlpSpanIndexer.index(export);
    if (!result.links().isEmpty()) {
      writer.addTraceLinks(project.name(), result.links());
    }
    if (!result.markers().isEmpty()) {
      writer.addMarkers(project.name(), result.markers());
    }
    // after the links: a span without session.id is kept when another span of its trace linked it
    SpanStore.Added added = spans.keep(project.name(), export);
    meters.spans("received", spanCount(export));
    meters.spans("rejected", result.rejected());
    meters.spans("kept", added.kept());
    meters.spans("dropped", added.dropped());
    meters.droppedSpans(project.name(), added.dropped());
    return respond(OtlpTraceDecoder.responseType(contentType), result.rejected());
  }

  private static long spanCount(ExportTraceServiceRequest export) {
    return export.getResourceSpansList().stream()
        .flatMap(r -> r.getScopeSpansList().stream())
        .mapToLong(ScopeSpans::getSpansCount)
        .sum();
  }

  private static HttpResponse<byte[]> respond(String mediaType, int rejected) {
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (rejected > 0) {
      response.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(rejected)
              .setErrorMessage(rejected + " span(s) carried a malformed session.id or trace ID."));
    }
    byte[] bytes;
    if (OtlpTraceDecoder.JSON.equals(mediaType)) {
      try {
        bytes =
            JsonFormat.printer()
                .omittingInsignificantWhitespace()
                .print(response)
                .getBytes(StandardCharsets.UTF_8);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("OTLP response cannot be printed as JSON", e);
      }
    } else {
      bytes = response.build().toByteArray();
    }
    return HttpResponse.ok(bytes).contentType(mediaType);
  }
}
