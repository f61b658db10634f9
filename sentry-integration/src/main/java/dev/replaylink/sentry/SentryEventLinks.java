package dev.replaylink.sentry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the link from a replay marker back to the event in Sentry, from a template with the
 * placeholders {@code {eventId}}, {@code {projectId}} and {@code {orgId}}.
 *
 * <p>Without a configured template it is derived from the DSN: for sentry.io DSNs ({@code
 * https://key@o123.ingest.sentry.io/456}) the issue search of sentry.io, which opens the event's
 * issue when searched by event ID; for a self-hosted Sentry the same page under its default
 * organisation {@code sentry}.
 */
final class SentryEventLinks {
  static final String EVENT_ID = "{eventId}";
  private static final Pattern SAAS_HOST =
      Pattern.compile("^o(\\d+)\\.ingest\\.(?:[a-z0-9-]+\\.)?sentry\\.io$");
  private static final String SAAS_TEMPLATE =
      "https://sentry.io/issues/?project={projectId}&query={eventId}";
  private static final String SELF_HOSTED_PATH =
      "/organizations/sentry/issues/?project={projectId}&query={eventId}";

  private final String template;

  private SentryEventLinks(String template) {
    this.template = template;
  }

  /**
   * Links from an explicit template, or from the DSN when the template is null; null when neither
   * gives one.
   */
  static SentryEventLinks create(String template, String dsn) {
    ParsedDsn parsed = ParsedDsn.parse(dsn);
    if (template == null) {
      if (parsed == null) {
        return null;
      }
      template = parsed.orgId != null ? SAAS_TEMPLATE : parsed.base + SELF_HOSTED_PATH;
    }
    String projectId = parsed == null ? "" : parsed.projectId;
    String orgId = parsed == null || parsed.orgId == null ? "" : parsed.orgId;
    return new SentryEventLinks(
        template.replace("{projectId}", projectId).replace("{orgId}", orgId));
  }

  /** The template with sample values, to validate it as a URL. */
  static String sample(String template) {
    return template.replace(EVENT_ID, "0").replace("{projectId}", "0").replace("{orgId}", "0");
  }

  /** The link to one event. */
  String forEvent(String eventId) {
    return template.replace(EVENT_ID, eventId);
  }

  private static final class ParsedDsn {
    final String base;
    final String projectId;
    final String orgId;

    private ParsedDsn(String base, String projectId, String orgId) {
      this.base = base;
      this.projectId = projectId;
      this.orgId = orgId;
    }

    static ParsedDsn parse(String dsn) {
      if (dsn == null || dsn.isEmpty()) {
        return null;
      }
      try {
        URI uri = new URI(dsn);
        String path = uri.getPath() == null ? "" : uri.getPath();
        int slash = path.lastIndexOf('/');
        if (uri.getHost() == null || slash < 0 || slash == path.length() - 1) {
          return null;
        }
        String projectId = path.substring(slash + 1);
        String prefix = path.substring(0, slash);
        String base =
            uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + prefix;
        Matcher saas = SAAS_HOST.matcher(uri.getHost());
        return new ParsedDsn(base, projectId, saas.matches() ? saas.group(1) : null);
      } catch (URISyntaxException e) {
        return null;
      }
    }
  }
}
