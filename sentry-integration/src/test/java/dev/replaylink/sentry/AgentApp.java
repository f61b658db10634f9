package dev.replaylink.sentry;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.sentry.Sentry;
import io.sentry.protocol.SentryId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A web app run in a child JVM under the OpenTelemetry Java agent by {@link OtelAgentIT}: the
 * agent's HTTP server instrumentation continues the incoming {@code traceparent} and {@code
 * baggage}; the handler fails and captures the exception with Sentry, which has the Replaylink
 * integration and no request data, so the session can only come from the OpenTelemetry context.
 * Answers {@code <event id> <OTel trace id> <baggage session.id>} and prints {@code PORT <n>} when
 * ready.
 */
public final class AgentApp {
  private AgentApp() {}

  public static void main(String[] args) throws Exception {
    String dsn = args[0];
    Sentry.init(
        o -> {
          o.setDsn(dsn);
          o.setEnableUncaughtExceptionHandler(false);
          o.addIntegration(ReplaylinkIntegration.builder().url(TestObjects.PUBLIC_URL).build());
        });
    HttpServer app =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    app.createContext(
        "/checkout",
        exchange -> {
          SentryId id;
          try {
            throw new IllegalStateException("boom");
          } catch (IllegalStateException e) {
            id = Sentry.captureException(e);
          }
          Sentry.flush(5000);
          String answer =
              id
                  + " "
                  + Span.current().getSpanContext().getTraceId()
                  + " "
                  + Baggage.current().getEntryValue("session.id");
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(500, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    app.start();
    System.out.println("PORT " + app.getAddress().getPort());
    System.out.flush();
  }
}
