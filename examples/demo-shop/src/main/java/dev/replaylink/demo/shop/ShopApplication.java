package dev.replaylink.demo.shop;

import dev.replaylink.sentry.ReplaylinkIntegration;
import io.micronaut.runtime.Micronaut;
import io.sentry.Sentry;

/**
 * The demo shop. Its only Replaylink-specific code is the Sentry integration below; the browser
 * snippet is loaded by its pages and the backend is linked by the OpenTelemetry agent extension.
 */
public final class ShopApplication {
  private ShopApplication() {}

  public static void main(String[] args) {
    String dsn = System.getenv("SENTRY_DSN");
    boolean sentryConfigured = dsn != null && !dsn.isBlank();
    Sentry.init(
        options -> {
          // Without SENTRY_DSN, events still pass through the integration and are dropped before
          // sending,
          // so the error page can show the replay link Sentry would have shown; the shop keeps them
          // and
          // shows them at /sentry-events/<event id>, where the replay's Sentry marker links to.
          options.setDsn(sentryConfigured ? dsn : "http://demo@127.0.0.1:9/0");
          options.setEnvironment("demo");
          options.setBeforeSend(
              (event, hint) -> {
                String eventId = event.getEventId() == null ? null : event.getEventId().toString();
                LastErrorLinks.remember(eventId, event.getTag("session_replay.url"));
                if (sentryConfigured) {
                  return event;
                }
                if (eventId != null) {
                  Throwable error = event.getThrowable();
                  CapturedEvents.add(
                      new CapturedEvents.Event(
                          eventId,
                          event.getTimestamp() == null ? 0 : event.getTimestamp().getTime(),
                          error == null ? null : error.getClass().getName(),
                          error == null ? null : error.getMessage(),
                          event.getTag("session.id"),
                          event.getTag("session_replay.url")));
                }
                return null;
              });
          if (!"true".equals(System.getenv("DEMO_WITHOUT_REPLAYLINK_SENTRY"))) {
            options.addIntegration(
                sentryConfigured ? ReplaylinkIntegration.fromEnvironment() : withLocalEventLinks());
          }
        });
    Micronaut.run(ShopApplication.class, args);
  }

  /**
   * {@link ReplaylinkIntegration#fromEnvironment()}, with Sentry event links to this shop's own
   * event page.
   */
  private static ReplaylinkIntegration withLocalEventLinks() {
    String url = System.getenv(ReplaylinkIntegration.ENV_URL);
    String eventUrl = System.getenv(ReplaylinkIntegration.ENV_SENTRY_EVENT_URL);
    if (url == null || url.isBlank() || (eventUrl != null && !eventUrl.isBlank())) {
      return ReplaylinkIntegration
          .fromEnvironment(); // an explicit event URL wins; a missing REPLAYLINK_URL fails, naming
      // it
    }
    String port = System.getProperty("micronaut.server.port", "8081");
    ReplaylinkIntegration.Builder builder =
        ReplaylinkIntegration.builder()
            .url(url)
            .ingestKey(System.getenv(ReplaylinkIntegration.ENV_INGEST_KEY))
            .sentryEventUrl("http://localhost:" + port + "/sentry-events/{eventId}");
    String publicUrl = System.getenv(ReplaylinkIntegration.ENV_PUBLIC_URL);
    if (publicUrl != null && !publicUrl.isBlank()) {
      builder.publicUrl(publicUrl);
    }
    return builder.build();
  }
}
