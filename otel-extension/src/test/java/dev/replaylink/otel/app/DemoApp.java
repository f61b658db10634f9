package dev.replaylink.otel.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A small JDK HTTP server run in a child JVM under the OpenTelemetry Java agent. {@code /ok}
 * answers 200; {@code /fail} runs a "checkout" span that fails with an exception and answers 500.
 * Uses only the OpenTelemetry API, like an application would.
 */
public final class DemoApp {
  static final String FAILURE_MESSAGE = "card declined";

  private DemoApp() {}

  public static void main(String[] args) throws IOException {
    Tracer tracer = GlobalOpenTelemetry.getTracer("demo-app");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext("/ok", exchange -> respond(exchange, 200, "ok"));
    server.createContext(
        "/fail",
        exchange -> {
          Span span = tracer.spanBuilder("checkout").startSpan();
          try (Scope ignored = span.makeCurrent()) {
            checkout();
            respond(exchange, 200, "ok");
          } catch (IllegalStateException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            respond(exchange, 500, "failed");
          } finally {
            span.end();
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private static void checkout() {
    throw new IllegalStateException(FAILURE_MESSAGE);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
