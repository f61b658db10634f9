package dev.replaylink.service.otlp;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.replaylink.service.api.ApiException;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.config.IngestConfiguration;
import dev.replaylink.service.ingest.BodyDecoder;
import dev.replaylink.service.ingest.IngestAuthenticator;
import dev.replaylink.service.ingest.RateLimiter;
import dev.replaylink.service.storage.MarkerStore;
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
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/traces}: the OTLP/HTTP trace receiver, keyed like ingest (project ingest key in
 * {@code X-Replaylink-Key} or {@code ?key=}). Accepts binary protobuf and OTLP/JSON, optionally gzip.
 * Spans with a session become trace links and, when failed, backend-error markers; the spans of
 * linked traces are kept for the trace view ({@link SpanKeeper}); other spans are accepted and dropped. Spans whose session or trace ID is malformed are reported back as rejected
 * in the OTLP partial-success field rather than failing the whole export.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
final class OtlpTraceController {
  private final IngestAuthenticator authenticator;
  private final RateLimiter rateLimiter;
  private final IngestConfiguration limits;
  private final MarkerStore writer;
  private final OtlpTraceDecoder decoder;
  private final SpanKeeper spans;

  OtlpTraceController(IngestAuthenticator authenticator, RateLimiter rateLimiter, IngestConfiguration limits,
      MarkerStore writer, ObjectMapper mapper, SpanKeeper spans) {
    this.spans = spans;
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.writer = writer;
    this.decoder = new OtlpTraceDecoder(mapper);
  }

  @Post(uri = "/v1/traces", consumes = MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<byte[]> traces(HttpRequest<?> request, @Body @Nullable byte[] body) {
    Project project = authenticator.forBackend(request);
    if (!rateLimiter.tryAcquireForKey(project.name())) {
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests for this ingest key; retry later.");
    }
    String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
    byte[] raw = BodyDecoder.decode(body, request.getHeaders().get(HttpHeaders.CONTENT_ENCODING),
        limits.getMaxCompressedBytes(), limits.getMaxDecompressedBytes());
    ExportTraceServiceRequest export = decoder.decode(raw, contentType);
    OtlpSpanIndexer.Result result = OtlpSpanIndexer.index(export);
    if (!result.links().isEmpty()) {
      writer.addTraceLinks(project.name(), result.links());
    }
    if (!result.markers().isEmpty()) {
      writer.addMarkers(project.name(), result.markers());
    }
    // after the links: a span without session.id is kept when another span of its trace linked it
    spans.keep(project.name(), export);
    return respond(OtlpTraceDecoder.responseType(contentType), result.rejected());
  }

  private static HttpResponse<byte[]> respond(String mediaType, int rejected) {
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (rejected > 0) {
      response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
          .setRejectedSpans(rejected)
          .setErrorMessage(rejected + " span(s) carried a malformed session.id or trace ID."));
    }
    byte[] bytes;
    if (OtlpTraceDecoder.JSON.equals(mediaType)) {
      try {
        bytes = JsonFormat.printer().omittingInsignificantWhitespace().print(response).getBytes(StandardCharsets.UTF_8);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("OTLP response cannot be printed as JSON", e);
      }
    } else {
      bytes = response.build().toByteArray();
    }
    return HttpResponse.ok(bytes).contentType(mediaType);
  }
}
