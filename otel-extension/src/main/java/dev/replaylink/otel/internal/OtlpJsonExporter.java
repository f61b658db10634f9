package dev.replaylink.otel.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Posts OTLP/JSON (gzip) to replay-service's {@code /v1/traces} with the project ingest key, using
 * the JDK's HTTP client so the extension needs nothing beyond the OpenTelemetry SDK (and runs on
 * Java 8). Connect and read timeouts bound how long the export thread can wait.
 */
public final class OtlpJsonSender implements SpanBatchSender {
  static final String KEY_HEADER = "X-Replaylink-Key";
  static final int CONNECT_TIMEOUT_MILLIS = 2000;
  static final int READ_TIMEOUT_MILLIS = 5000;

  private final URL endpoint;
  private final String ingestKey;

  private OtlpJsonSender(URL endpoint, String ingestKey) {
    this.endpoint = endpoint;
    this.ingestKey = ingestKey;
  }

  public static OtlpJsonSender create(String endpoint, String ingestKey) {
    try {
      return new OtlpJsonSender(new URL(endpoint), ingestKey);
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException("Invalid replay-service URL: " + endpoint, e);
    }
  }

  @Override
  public void send(List<SpanData> batch) throws SendException {
    byte[] body = OtlpJsonEncoder.encode(batch);
    int[] status = {-1};
    IOException[] failure = {null};
    InstrumentationSuppression.run(() -> {
      try {
        status[0] = post(body);
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    if (failure[0] != null) {
      throw new SendException("replay-service at " + endpoint + " is unreachable (" + failure[0] + ")");
    }
    if (status[0] == 401 || status[0] == 403) {
      throw new SendException("replay-service refused the ingest key (HTTP " + status[0] + "); check otel.replaylink.ingest-key");
    }
    if (status[0] < 200 || status[0] >= 300) {
      throw new SendException("replay-service answered HTTP " + status[0] + " to a span export");
    }
  }

  private int post(byte[] body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) endpoint.openConnection();
    connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    connection.setReadTimeout(READ_TIMEOUT_MILLIS);
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setRequestProperty("Content-Encoding", "gzip");
    connection.setRequestProperty(KEY_HEADER, ingestKey);
    try (OutputStream out = new GZIPOutputStream(connection.getOutputStream())) {
      out.write(body);
    }
    int status = connection.getResponseCode();
    // Reading the response in full lets the JDK keep the connection alive for the next batch.
    drain(status < 400 ? connection.getInputStream() : connection.getErrorStream());
    return status;
  }

  private static void drain(InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try (InputStream stream = in) {
      byte[] buffer = new byte[1024];
      while (stream.read(buffer) != -1) {
        // discard
      }
    }
  }
}
