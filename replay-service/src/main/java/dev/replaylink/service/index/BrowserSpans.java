package dev.replaylink.service.index;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.protocol.MarkerKinds;
import dev.replaylink.service.model.RawEvent;
import dev.replaylink.service.model.SessionSpans;
import dev.replaylink.service.model.StoredSpan;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * The browser side of each traced request as a real span: every recorded {@code network} event with
 * a trace ID becomes a CLIENT span with that trace ID and the event's {@code spanId} (the parent
 * span of the {@code traceparent} the recorder sent), method, URL without query secrets, status,
 * duration, {@code session.id} and {@code session_replay.url} at that moment. The event itself
 * (already through the privacy net) is kept with it as the trace view's {@code browser}. Pure and
 * thread-safe.
 */
public final class BrowserSpans {
  public static final String SERVICE = "browser";

  /**
   * Query parameters whose value is dropped from {@code url.full}: the recorder's default scrub
   * list.
   */
  static final List<String> SECRET_PARAMS =
      List.of(
          "token",
          "password",
          "passwd",
          "secret",
          "key",
          "auth",
          "session",
          "signature",
          "code",
          "jwt");

  static final String SCRUBBED = "[scrubbed]";
  private static final Pattern SPAN_ID = Pattern.compile("^(?!0{16})[0-9a-f]{16}$");
  private static final int MAX_URL = 2048;

  private BrowserSpans() {}

  /**
   * One group per trace of the batch's traced requests; {@code replayUrl} gives the replay URL at a
   * moment.
   */
  public static List<SessionSpans> of(
      String sessionId, List<RawEvent> events, LongFunction<String> replayUrl) {
    java.util.Map<String, List<StoredSpan>> byTrace = new java.util.LinkedHashMap<>();
    for (RawEvent e : events) {
      if (!MarkerKinds.NETWORK.equals(e.customTag()) || !(e.payload() instanceof ObjectNode p)) {
        continue;
      }
      String traceId = TraceIds.normalize(MarkerExtractor.text(p, "traceId"));
      String spanId = MarkerExtractor.text(p, "spanId");
      if (traceId == null || spanId == null || !SPAN_ID.matcher(spanId).matches()) {
        continue;
      }
      byTrace
          .computeIfAbsent(traceId, k -> new ArrayList<>())
          .add(span(sessionId, e, p, traceId, spanId, replayUrl));
    }
    List<SessionSpans> out = new ArrayList<>();
    byTrace.forEach((traceId, spans) -> out.add(new SessionSpans(sessionId, traceId, spans)));
    return out;
  }

  private static StoredSpan span(
      String sessionId,
      RawEvent e,
      ObjectNode p,
      String traceId,
      String spanId,
      LongFunction<String> replayUrl) {
    String method =
        MarkerExtractor.text(p, "method") == null
            ? "GET"
            : MarkerExtractor.text(p, "method").toUpperCase(Locale.ROOT);
    String url = withoutSecrets(MarkerExtractor.text(p, "url"));
    int status = p.path("status").asInt(0);
    long durationMs = Math.max(0, p.path("durationMs").asLong(0));
    ObjectNode attributes = JsonNodeFactory.instance.objectNode();
    attributes.put("http.request.method", method);
    attributes.put("url.full", url);
    if (status > 0) {
      attributes.put("http.response.status_code", status);
    } else {
      attributes.put("error.type", "network_error");
    }
    attributes.put("session.id", sessionId);
    attributes.put("session_replay.url", replayUrl.apply(e.timestamp()));
    ObjectNode browser = p.deepCopy();
    browser.put("url", url);
    browser.put("timestamp", e.timestamp());
    boolean failed = status == 0 || status >= 400;
    return new StoredSpan(
        traceId,
        spanId,
        null,
        SERVICE,
        method + " " + path(url),
        "CLIENT",
        e.timestamp() * 1_000_000L,
        durationMs * 1_000_000L,
        failed ? "ERROR" : "UNSET",
        failed ? (status == 0 ? "network failure" : "HTTP " + status) : null,
        attributes.toString(),
        "[]",
        browser.toString());
  }

  /** The URL with the values of secret-looking query parameters replaced, and capped in length. */
  static String withoutSecrets(String url) {
    if (url == null) {
      return "";
    }
    int q = url.indexOf('?');
    String out = url;
    if (q >= 0) {
      int hash = url.indexOf('#', q);
      String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
      StringBuilder sb = new StringBuilder(url.substring(0, q + 1));
      String[] parts = query.split("&", -1);
      for (int i = 0; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        String name = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).toLowerCase(Locale.ROOT);
        boolean secret = eq >= 0 && SECRET_PARAMS.stream().anyMatch(name::contains);
        sb.append(i == 0 ? "" : "&")
            .append(secret ? parts[i].substring(0, eq + 1) + SCRUBBED : parts[i]);
      }
      out = sb.append(hash < 0 ? "" : url.substring(hash)).toString();
    }
    return out.length() > MAX_URL ? out.substring(0, MAX_URL) : out;
  }

  private static String path(String url) {
    try {
      String path = URI.create(url).getRawPath();
      return path == null || path.isEmpty() ? "/" : path;
    } catch (IllegalArgumentException e) {
      return url.length() > 100 ? url.substring(0, 100) : url;
    }
  }

  /**
   * Browser spans a batch stored, for whoever exports them (published after the batch is stored).
   */
  public record Recorded(String project, List<StoredSpan> spans) {}
}
