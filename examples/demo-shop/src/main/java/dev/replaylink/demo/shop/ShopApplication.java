package dev.replaylink.demo.shop;

import dev.replaylink.sentry.ReplaylinkIntegration;
import io.micronaut.runtime.Micronaut;
import io.sentry.Sentry;

/**
 * The demo shop. Its only Replaylink-specific line is the Sentry integration below; the browser
 * snippet is loaded by its pages and the backend is linked by the OpenTelemetry agent extension.
 */
public final class ShopApplication {
  private ShopApplication() {}

  public static void main(String[] args) {
    String dsn = System.getenv("SENTRY_DSN");
    boolean sentryConfigured = dsn != null && !dsn.isBlank();
    Sentry.init(options -> {
      // Without SENTRY_DSN, events still pass through the integration and are dropped before sending,
      // so the error page can show the replay link Sentry would have shown.
      options.setDsn(sentryConfigured ? dsn : "http://demo@127.0.0.1:9/0");
      options.setEnvironment("demo");
      options.setBeforeSend((event, hint) -> {
        LastErrorLinks.remember(event.getEventId() == null ? null : event.getEventId().toString(), event.getTag("session_replay.url"));
        return sentryConfigured ? event : null;
      });
      if (!"true".equals(System.getenv("DEMO_WITHOUT_REPLAYLINK_SENTRY"))) {
        options.addIntegration(ReplaylinkIntegration.fromEnvironment());
      }
    });
    Micronaut.run(ShopApplication.class, args);
  }
}
