package dev.replaylink.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JDK HTTP client for API tests: no redirects followed, no exceptions on 4xx/5xx. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  public Http(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder b = request(path).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  public HttpResponse<String> ingest(byte[] body, boolean gzip, String key) {
    HttpRequest.Builder b =
        request("/api/v1/ingest")
            .header("Content-Type", "application/json")
            .header("X-Replaylink-Key", key)
            .header("Origin", TestObjects.ALLOWED_ORIGIN)
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? TestObjects.gzip(body) : body));
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return send(b);
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return TestObjects.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("Not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }
}
