package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Sign-in by a trusted authentication proxy in front of the service (oauth2-proxy, a company SSO
 * gateway): {@code replaylink.auth.proxy.*}. The headers are believed only on requests arriving
 * from one of {@code replaylink.ui.trusted-proxies}.
 */
@ConfigurationProperties(AuthProxyConfiguration.PREFIX)
public class AuthProxyConfiguration {
  public static final String PREFIX = "replaylink.auth.proxy";
  public static final String DEFAULT_USER_HEADER = "X-Forwarded-User";
  public static final String DEFAULT_EMAIL_HEADER = "X-Forwarded-Email";
  public static final String DEFAULT_GROUPS_HEADER = "X-Forwarded-Groups";

  private boolean enabled;
  private String userHeader = DEFAULT_USER_HEADER;
  private String emailHeader = DEFAULT_EMAIL_HEADER;
  private String groupsHeader = DEFAULT_GROUPS_HEADER;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getUserHeader() {
    return userHeader;
  }

  public void setUserHeader(String userHeader) {
    this.userHeader = userHeader;
  }

  public String getEmailHeader() {
    return emailHeader;
  }

  public void setEmailHeader(String emailHeader) {
    this.emailHeader = emailHeader;
  }

  /** Comma-separated group names. */
  public String getGroupsHeader() {
    return groupsHeader;
  }

  public void setGroupsHeader(String groupsHeader) {
    this.groupsHeader = groupsHeader;
  }
}
