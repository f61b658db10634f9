package dev.replaylink.service.otlp;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP trace receiver on a free loopback port, as a collector is to an exporter:
 * decodes each {@code POST /v1/traces} with opentelemetry-proto and keeps the requests and their
 * headers.
 */
public final class OtlpReceiver implements AutoCloseable {
  public record Received(ExportTraceServiceRequest request, Map<String, List<String>> headers) {}

  private final HttpServer server;
  public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  public OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream raw = exchange.getRequestBody()) {
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw;
            received.add(
                new Received(
                    ExportTraceServiceRequest.parseFrom(in.readAllBytes()),
                    Map.copyOf(exchange.getRequestHeaders())));
            byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
            exchange.getResponseBody().write(ok);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** A receiver started on a free port, for a test class's static field. */
  public static OtlpReceiver start() {
    try {
      return new OtlpReceiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
