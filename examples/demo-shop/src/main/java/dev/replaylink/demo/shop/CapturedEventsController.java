package dev.replaylink.demo.shop;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.time.Instant;

/** Stands in for the Sentry issue page when the shop runs without {@code SENTRY_DSN}. */
@Controller
final class CapturedEventsController {
  @Get(uri = "/sentry-events/{eventId}", produces = MediaType.TEXT_HTML)
  HttpResponse<String> event(String eventId) {
    CapturedEvents.Event event = CapturedEvents.find(eventId);
    if (event == null) {
      return HttpResponse.notFound(
          page(
              "Event not found",
              "<p>The shop keeps the last "
                  + CapturedEvents.CAPACITY
                  + " events in memory, until it restarts.</p>"));
    }
    StringBuilder body =
        new StringBuilder()
            .append(
                "<p>This demo runs without <code>SENTRY_DSN</code>. With it, Sentry would show this event.</p><dl>")
            .append(row("Event ID", esc(event.eventId())))
            .append(row("Time", esc(Instant.ofEpochMilli(event.timestamp()).toString())))
            .append(row("Exception", esc(event.type()) + ": " + esc(event.message())))
            .append(row("session.id", esc(event.sessionId())));
    if (event.replayUrl() != null) {
      body.append(
          row(
              "session_replay.url",
              "<a id=\"replay-link\" href=\""
                  + esc(event.replayUrl())
                  + "\">"
                  + esc(event.replayUrl())
                  + "</a>"));
    }
    return HttpResponse.ok(
        page("Sentry event " + esc(event.eventId()), body.append("</dl>").toString()));
  }

  private static String row(String name, String value) {
    return "<dt>" + name + "</dt><dd>" + value + "</dd>";
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + title
        + "</title><link rel=\"stylesheet\" href=\"/shop.css\"></head><body><main><h1>"
        + title
        + "</h1>"
        + body
        + "</main></body></html>";
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
