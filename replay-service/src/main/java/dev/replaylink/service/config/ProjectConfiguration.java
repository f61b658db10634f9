package dev.replaylink.service.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * One project: {@code replaylink.projects.<name>.*}. Each project has its own ingest key and
 * origins.
 */
@EachProperty("replaylink.projects")
public class ProjectConfiguration {
  public static final int DEFAULT_RETENTION_DAYS = 30;

  private final String name;
  private String ingestKey;
  private List<String> allowedOrigins = List.of();
  private int retentionDays = DEFAULT_RETENTION_DAYS;
  private List<String> blockedUrlPatterns = List.of();
  private List<String> assetOrigins = List.of();

  public ProjectConfiguration(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public String getIngestKey() {
    return ingestKey;
  }

  public void setIngestKey(String ingestKey) {
    this.ingestKey = ingestKey;
  }

  /**
   * Browser origins allowed to send recordings; {@code *} allows any. Empty = browsers refused
   * (backends only).
   */
  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  public void setAllowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }

  public int getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(int retentionDays) {
    this.retentionDays = retentionDays;
  }

  /**
   * Page URLs whose events are dropped at ingest: substrings, or regular expressions written {@code
   * /…/} found anywhere in the URL (as the snippet's {@code excludeUrls}).
   */
  public List<String> getBlockedUrlPatterns() {
    return blockedUrlPatterns;
  }

  public void setBlockedUrlPatterns(List<String> blockedUrlPatterns) {
    this.blockedUrlPatterns =
        blockedUrlPatterns == null ? List.of() : List.copyOf(blockedUrlPatterns);
  }

  /**
   * Origins (CDNs) the replay page may load this project's recorded images, styles, fonts and media
   * from, besides {@link #getAllowedOrigins()}: {@code https://cdn.example.com}, {@code
   * https://*.example.net}.
   */
  public List<String> getAssetOrigins() {
    return assetOrigins;
  }

  public void setAssetOrigins(List<String> assetOrigins) {
    this.assetOrigins = assetOrigins == null ? List.of() : List.copyOf(assetOrigins);
  }
}
