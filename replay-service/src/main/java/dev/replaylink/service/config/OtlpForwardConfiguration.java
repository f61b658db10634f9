package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Export of the browser's client spans (one per recorded network request) to the team's collector
 * over OTLP/HTTP: {@code replaylink.otlp.forward.*}. Off while {@code endpoint} is empty.
 */
@ConfigurationProperties(OtlpForwardConfiguration.PREFIX)
public class OtlpForwardConfiguration {
  public static final String PREFIX = "replaylink.otlp.forward";

  private String endpoint = "";
  private Map<String, String> headers = new LinkedHashMap<>();

  /**
   * Full OTLP/HTTP traces URL, e.g. {@code http://otel-collector:4318/v1/traces}; empty = no
   * export.
   */
  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    String e = endpoint == null ? "" : endpoint.trim();
    if (!e.isEmpty() && !e.startsWith("http://") && !e.startsWith("https://")) {
      throw new IllegalArgumentException(
          PREFIX + ".endpoint must be an absolute http(s) URL, got: " + endpoint);
    }
    this.endpoint = e;
  }

  /** Headers sent with every export (e.g. an API key of a hosted collector). */
  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
  }

  public boolean enabled() {
    return !endpoint.isEmpty();
  }
}
