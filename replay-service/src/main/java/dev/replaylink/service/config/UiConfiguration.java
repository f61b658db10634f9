package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.List;

/** Settings of the browser UI: {@code replaylink.ui.*}. */
@ConfigurationProperties(UiConfiguration.PREFIX)
public class UiConfiguration {
  public static final String PREFIX = "replaylink.ui";

  private List<String> trustedProxies = List.of();
  private List<AddressRange> trustedProxyRanges = List.of();
  private String traceUrlTemplate = "";

  /**
   * Reverse proxies (addresses or CIDR ranges) whose {@code X-Forwarded-For} names the client. Only
   * a request arriving from one of them is attributed to the forwarded address (the login throttle
   * counts by it); from anywhere else the header is ignored, as any client could set it. Empty (the
   * default): the socket address is the client.
   */
  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(List<String> trustedProxies) {
    List<String> given =
        trustedProxies == null
            ? List.of()
            : trustedProxies.stream()
                .filter(s -> s != null && !s.isBlank())
                .map(String::trim)
                .toList();
    this.trustedProxyRanges =
        given.stream().map(s -> AddressRange.parse(PREFIX + ".trusted-proxies", s)).toList();
    this.trustedProxies = given;
  }

  /** {@link #getTrustedProxies()}, parsed (validated when set). */
  public List<AddressRange> trustedProxyRanges() {
    return trustedProxyRanges;
  }

  /**
   * Link to a trace in the team's trace UI ({@code {traceId}} is replaced), e.g. {@code
   * https://grafana.example/explore?…{traceId}…}: the replay page's "Open in Jaeger / Tempo /
   * Grafana"; empty = no link (the 0.1 key {@code replaylink.trace-url-template} is used then).
   */
  public String getTraceUrlTemplate() {
    return traceUrlTemplate;
  }

  public void setTraceUrlTemplate(String traceUrlTemplate) {
    this.traceUrlTemplate = traceUrlTemplate == null ? "" : traceUrlTemplate.trim();
  }
}
