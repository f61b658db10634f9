package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Top-level settings under {@code replaylink.*}. */
@ConfigurationProperties(ReplaylinkConfiguration.PREFIX)
public class ReplaylinkConfiguration {
  public static final String PREFIX = "replaylink";
  public static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";
  public static final String DEFAULT_TRACE_URL_TEMPLATE = "";

  private String publicUrl = DEFAULT_PUBLIC_URL;
  private String traceUrlTemplate = DEFAULT_TRACE_URL_TEMPLATE;

  /**
   * Base of every replay URL handed out (links in Sentry, spans, API responses); no trailing slash.
   */
  public String getPublicUrl() {
    return publicUrl;
  }

  public void setPublicUrl(String publicUrl) {
    String url = publicUrl == null || publicUrl.isBlank() ? DEFAULT_PUBLIC_URL : publicUrl.trim();
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException(
          "replaylink.public-url must be an absolute http(s) URL, got: " + publicUrl);
    }
    this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Link template for trace IDs in the UI, e.g. {@code http://jaeger:16686/trace/{traceId}}; empty
   * = no link.
   */
  public String getTraceUrlTemplate() {
    return traceUrlTemplate;
  }

  public void setTraceUrlTemplate(String traceUrlTemplate) {
    this.traceUrlTemplate = traceUrlTemplate == null ? "" : traceUrlTemplate.trim();
  }

  /**
   * Absolute replay URL for a session at a moment (epoch ms), or at its start when {@code at} is
   * null.
   */
  public String replayUrl(String sessionId, Long at) {
    return publicUrl + "/replay/" + sessionId + (at == null ? "" : "?t=" + at);
  }
}
