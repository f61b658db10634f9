package dev.replaylink.sentry;

import static dev.replaylink.sentry.TestObjects.PUBLIC_URL;
import static dev.replaylink.sentry.TestObjects.SESSION_ID;
import static dev.replaylink.sentry.TestObjects.TRACE_ID;
import static dev.replaylink.sentry.TestObjects.requestWithHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentry.Hint;
import io.sentry.NoOpLogger;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.SpanContext;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayEventProcessorTest {
  private static final long TIMESTAMP = 1_700_000_000_123L;
  private final List<String> reports = new ArrayList<>();

  private ReplayEventProcessor processor(String publicUrl) {
    return new ReplayEventProcessor(
        publicUrl,
        new SessionLookup(true, "x-replaylink-session"),
        true,
        reports::add,
        () -> SentryEventLinks.create(null, "http://key@127.0.0.1:9000/1"),
        NoOpLogger.getInstance());
  }

  private static SentryEvent errorEvent() {
    SentryEvent event = new SentryEvent(new Date(TIMESTAMP));
    event.setThrowable(new IllegalStateException("boom"));
    event.setLevel(SentryLevel.ERROR);
    return event;
  }

  @Test
  void sessionFromRequestBaggageAddsTagsContextAndReport() {
    SentryEvent event = errorEvent();
    event.setRequest(requestWithHeaders("Baggage", "other=1,session.id=" + SESSION_ID));
    event
        .getContexts()
        .setTrace(
            new SpanContext(
                new SentryId(TRACE_ID), new io.sentry.SpanId(), "http.server", null, null));

    assertSame(event, processor(PUBLIC_URL).process(event, new Hint()));

    String url = PUBLIC_URL + "/replay/" + SESSION_ID + "?t=" + TIMESTAMP;
    assertEquals(SESSION_ID, event.getTag("session.id"));
    assertEquals(url, event.getTag("session_replay.url"));
    assertEquals(
        Map.of(
            "session_id",
            SESSION_ID,
            "replay_url",
            url,
            "timestamp_ms",
            TIMESTAMP,
            "trace_id",
            TRACE_ID),
        event.getContexts().get("session_replay"));
    assertNull(event.getTag("replay_id"));
    assertNull(event.getTag("replayId"));

    assertEquals(1, reports.size());
    JsonNode report = EnvelopeReceiver.json(reports.get(0).getBytes(StandardCharsets.UTF_8));
    assertEquals(SESSION_ID, report.get("sessionId").asText());
    assertEquals(TIMESTAMP, report.get("timestamp").asLong());
    assertEquals(TRACE_ID, report.get("traceId").asText());
    assertEquals(event.getEventId().toString(), report.get("eventId").asText());
    assertEquals("IllegalStateException", report.get("type").asText());
    assertEquals("boom", report.get("message").asText());
    assertEquals(
        "http://127.0.0.1:9000/organizations/sentry/issues/?project=1&query=" + event.getEventId(),
        report.get("link").asText());
  }

  @Test
  void fallbackHeaderAndScopeTagAreUsedWhenBaggageHasNoSession() {
    SentryEvent fromHeader = errorEvent();
    fromHeader.setRequest(
        requestWithHeaders("baggage", "other=1", "X-Replaylink-Session", SESSION_ID));
    processor(PUBLIC_URL).process(fromHeader, new Hint());
    assertEquals(SESSION_ID, fromHeader.getTag("session.id"));

    SentryEvent fromTag = errorEvent();
    fromTag.setTag("session.id", "tag-session-123");
    processor(PUBLIC_URL).process(fromTag, new Hint());
    assertEquals(
        PUBLIC_URL + "/replay/tag-session-123?t=" + TIMESTAMP,
        fromTag.getTag("session_replay.url"));
  }

  @Test
  void eventWithoutSessionIsLeftAlone() {
    SentryEvent event = errorEvent();
    event.setRequest(requestWithHeaders("baggage", "session.id=bad id"));
    processor(PUBLIC_URL).process(event, new Hint());
    assertNull(event.getTags());
    assertTrue(event.getContexts().isEmpty());
    assertTrue(reports.isEmpty());
  }

  @Test
  void replayUrlLongerThanTagLimitStaysInContextOnly() {
    SentryEvent event = errorEvent();
    String longSession = "s".repeat(128);
    event.setRequest(requestWithHeaders("baggage", "session.id=" + longSession));
    processor("https://replay.example.com/a-rather-long-path-prefix-for-replays")
        .process(event, new Hint());
    assertEquals(longSession, event.getTag("session.id"));
    assertNull(event.getTag("session_replay.url"));
    @SuppressWarnings("unchecked")
    Map<String, Object> context = (Map<String, Object>) event.getContexts().get("session_replay");
    assertTrue(((String) context.get("replay_url")).length() > ReplayEventProcessor.MAX_TAG_VALUE);
  }

  @Test
  void infoMessagesAreLinkedButNotReportedAsErrors() {
    SentryEvent event = new SentryEvent(new Date(TIMESTAMP));
    event.setLevel(SentryLevel.INFO);
    Message message = new Message();
    message.setFormatted("checkout started");
    event.setMessage(message);
    event.setTag("session.id", SESSION_ID);
    processor(PUBLIC_URL).process(event, new Hint());
    assertEquals(
        PUBLIC_URL + "/replay/" + SESSION_ID + "?t=" + TIMESTAMP,
        event.getTag("session_replay.url"));
    assertTrue(reports.isEmpty());
  }

  @Test
  void failingReportQueueNeverReachesSentry() {
    ReplayEventProcessor failing =
        new ReplayEventProcessor(
            PUBLIC_URL,
            new SessionLookup(false, null),
            false,
            json -> {
              throw new IllegalStateException("queue broken");
            },
            () -> null,
            NoOpLogger.getInstance());
    SentryEvent event = errorEvent();
    event.setTag("session.id", SESSION_ID);
    assertSame(event, failing.process(event, new Hint()));
    assertFalse(event.getContexts().isEmpty());
  }
}
