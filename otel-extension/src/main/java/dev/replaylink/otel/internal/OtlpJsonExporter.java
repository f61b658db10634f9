package dev.replaylink.otel.internal;

import dev.replaylink.protocol.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.zip.GZIPOutputStream;

/**
 * Posts OTLP/JSON (gzip) to replay-service's {@code /v1/traces} with the project ingest key, using
 * the JDK's HTTP client so the extension needs nothing beyond the OpenTelemetry SDK (and runs on
 * Java 8); it honours the JVM's proxy and trust-store settings. Runs on the batch processor's
 * thread; connect and read timeouts bound how long it waits. A failed export is dropped with at
 * most one warning per minute, without a stack trace: replay-service being down is expected.
 */
public final class OtlpJsonExporter implements SpanExporter {
  static final String KEY_HEADER = Attributes.INGEST_KEY_HEADER;
  static final int CONNECT_TIMEOUT_MILLIS = 2000;
  static final int READ_TIMEOUT_MILLIS = 5000;

  private final URL endpoint;
  private final String ingestKey;

  private OtlpJsonExporter(URL endpoint, String ingestKey) {
    this.endpoint = endpoint;
    this.ingestKey = ingestKey;
  }

  public static OtlpJsonExporter create(String endpoint, String ingestKey) {
    try {
      return new OtlpJsonExporter(new URL(endpoint), ingestKey);
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException("Invalid replay-service URL: " + endpoint, e);
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    byte[] body = OtlpJsonEncoder.encode(new ArrayList<>(spans));
    int[] status = {-1};
    IOException[] failure = {null};
    InstrumentationSuppression.run(
        () -> {
          try {
            status[0] = post(body);
          } catch (IOException e) {
            failure[0] = e;
          }
        });
    String problem =
        failure[0] != null
            ? "replay-service at " + endpoint + " is unreachable (" + failure[0] + ")"
            : status[0] == 401 || status[0] == 403
                ? "replay-service refused the ingest key (HTTP "
                    + status[0]
                    + "); check otel.replaylink.ingest-key"
                : status[0] < 200 || status[0] >= 300
                    ? "replay-service answered HTTP " + status[0] + " to a span export"
                    : null;
    if (problem == null) {
      return CompletableResultCode.ofSuccess();
    }
    RateLimitedLog.warn(
        problem + "; " + spans.size() + " span(s) not delivered, later spans are still sent", null);
    return CompletableResultCode.ofFailure();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
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
