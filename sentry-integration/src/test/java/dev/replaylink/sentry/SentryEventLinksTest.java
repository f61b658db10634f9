package dev.replaylink.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SentryEventLinksTest {
  private static final String EVENT = "0123456789abcdef0123456789abcdef";

  @Test
  void sentryIoDsnLinksToIssueSearchByEventId() {
    assertEquals(
        "https://sentry.io/issues/?project=456&query=" + EVENT,
        SentryEventLinks.create(null, "https://abc@o123.ingest.sentry.io/456").forEvent(EVENT));
    assertEquals(
        "https://sentry.io/issues/?project=456&query=" + EVENT,
        SentryEventLinks.create(null, "https://abc@o123.ingest.de.sentry.io/456").forEvent(EVENT));
  }

  @Test
  void selfHostedDsnLinksToDefaultOrganisationOnSameHost() {
    assertEquals(
        "http://sentry.internal:9000/organizations/sentry/issues/?project=7&query=" + EVENT,
        SentryEventLinks.create(null, "http://abc@sentry.internal:9000/7").forEvent(EVENT));
    assertEquals(
        "https://example.com/sentry/organizations/sentry/issues/?project=7&query=" + EVENT,
        SentryEventLinks.create(null, "https://abc@example.com/sentry/7").forEvent(EVENT));
  }

  @Test
  void templateWinsOverDsn() {
    assertEquals(
        "https://acme.sentry.io/issues/?project=456&query=id:" + EVENT + "&org=123",
        SentryEventLinks.create(
                "https://acme.sentry.io/issues/?project={projectId}&query=id:{eventId}&org={orgId}",
                "https://abc@o123.ingest.sentry.io/456")
            .forEvent(EVENT));
  }

  @Test
  void noDsnAndNoTemplateMeansNoLink() {
    assertNull(SentryEventLinks.create(null, null));
    assertNull(SentryEventLinks.create(null, ""));
    assertNull(SentryEventLinks.create(null, "not a dsn"));
  }
}
