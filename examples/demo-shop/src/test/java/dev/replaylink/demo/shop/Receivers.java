package dev.replaylink.demo.shop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/** Local stand-ins for the team's trace backend (OTLP/HTTP) and for Sentry (envelope endpoint). */
final class Receivers implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  record ReceivedSpan(
      String traceId, String name, Map<String, String> attributes, int statusCode) {}

  final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  final List<JsonNode> sentryEvents = new CopyOnWriteArrayList<>();
  private final HttpServer otlp;
  private final HttpServer sentry;

  Receivers() throws IOException {
    otlp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    otlp.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in =
              body(
                  exchange.getRequestBody(),
                  exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
            for (ResourceSpans rs : request.getResourceSpansList()) {
              for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                  Map<String, String> attrs =
                      s.getAttributesList().stream()
                          .collect(
                              Collectors.toMap(
                                  KeyValue::getKey,
                                  kv -> kv.getValue().getStringValue(),
                                  (a, b) -> a));
                  spans.add(
                      new ReceivedSpan(
                          HexFormat.of().formatHex(s.getTraceId().toByteArray()),
                          s.getName(),
                          attrs,
                          s.getStatus().getCodeValue()));
                }
              }
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    otlp.start();
    sentry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sentry.createContext(
        "/",
        exchange -> {
          byte[] raw;
          try (InputStream in =
              body(
                  exchange.getRequestBody(),
                  exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            raw = in.readAllBytes();
          }
          String[] lines = new String(raw, StandardCharsets.UTF_8).split("\n");
          for (int i = 1; i + 1 < lines.length; i += 2) {
            JsonNode header = JSON.readTree(lines[i]);
            if ("event".equals(header.path("type").asText())) {
              sentryEvents.add(JSON.readTree(lines[i + 1]));
            }
          }
          byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    sentry.start();
  }

  private static InputStream body(InputStream in, String encoding) throws IOException {
    byte[] raw = in.readAllBytes();
    return "gzip".equalsIgnoreCase(encoding)
        ? new GZIPInputStream(new ByteArrayInputStream(raw))
        : new ByteArrayInputStream(raw);
  }

  String otlpEndpoint() {
    return "http://127.0.0.1:" + otlp.getAddress().getPort();
  }

  String sentryDsn() {
    return "http://publickey@127.0.0.1:" + sentry.getAddress().getPort() + "/1";
  }

  @Override
  public void close() {
    otlp.stop(0);
    sentry.stop(0);
  }
}
