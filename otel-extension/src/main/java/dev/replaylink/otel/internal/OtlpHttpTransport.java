package dev.replaylink.otel.internal;

import dev.replaylink.protocol.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The OTLP/HTTP span exporter the Java agent bundles (or the application has, in SDK mode): its
 * retries with back-off and its protobuf encoding. Referenced only after {@link #createIfPresent}
 * found the class, so the extension loads where it is missing.
 */
final class OtlpHttpTransport {
  private static final String EXPORTER =
      "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter";

  private OtlpHttpTransport() {}

  /** The exporter, or null when this class path has none that this code can use. */
  static SpanExporter createIfPresent(String endpoint, String ingestKey) {
    try {
      Class.forName(EXPORTER, false, OtlpHttpTransport.class.getClassLoader());
      return Factory.create(endpoint, ingestKey);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    } catch (RuntimeException e) {
      // e.g. the exporter without an HTTP sender implementation beside it
      RateLimitedLog.warn("The OTLP/HTTP span exporter could not be created", e);
      return null;
    }
  }

  /** Separate class: resolving it needs the exporter on the class path. */
  private static final class Factory {
    static SpanExporter create(String endpoint, String ingestKey) {
      return OtlpHttpSpanExporter.builder()
          .setEndpoint(endpoint)
          .addHeader(Attributes.INGEST_KEY_HEADER, ingestKey)
          .setCompression("gzip")
          .build();
    }
  }
}
