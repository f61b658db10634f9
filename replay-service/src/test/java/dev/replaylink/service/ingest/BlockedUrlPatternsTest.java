package dev.replaylink.service.ingest;

import static dev.replaylink.service.TestObjects.OTHER_INGEST_KEY;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.bytes;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.replaylink.service.api.EmbeddedServiceTest;
import dev.replaylink.service.storage.SessionSearch;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A pattern copied from the snippet's {@code excludeUrls} blocks at ingest what it blocks in the
 * browser (a plain string is a substring, {@code /…/} a regular expression found anywhere), and
 * start-up says how each pattern matches.
 */
@MicronautTest
@Property(
    name = "replaylink.projects.other.blocked-url-patterns",
    value = "/payment,/\\/patients\\/\\d+/")
class BlockedUrlPatternsTest extends EmbeddedServiceTest {
  @Inject SessionSearch reader;
  @Inject BlockedPagesLog startupLog;

  @Test
  void snippetStylePatternsDropThePagesTheyNameAndKeepOthers() {
    assertTrue(
        storedFrom("http://127.0.0.1:18555/payment/card").isEmpty(),
        "a substring pattern blocks the page");
    assertTrue(
        storedFrom("https://clinic.example.com/patients/42/notes").isEmpty(),
        "a /regexp/ pattern found in the URL blocks the page");
    assertEquals(3, storedFrom("https://clinic.example.com/patients/").orElseThrow());
    assertEquals(3, storedFrom("http://127.0.0.1:18555/cart").orElseThrow());
  }

  @Test
  void startUpLogsEachPatternAndHowItMatches() {
    Logger logger = (Logger) LoggerFactory.getLogger(BlockedPagesLog.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      startupLog.onStartup(null);
    } finally {
      logger.detachAppender(appender);
    }
    List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertTrue(
        lines.contains(
            "Project other: blocked-url-patterns '/payment' drops the events of page URLs containing \"/payment\""),
        lines.toString());
    assertTrue(
        lines.contains(
            "Project other: blocked-url-patterns '/\\/patients\\/\\d+/' drops the events of regular expression "
                + "\\/patients\\/\\d+ found anywhere in the page URL"),
        lines.toString());
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("Project shop: blocked-url-patterns '.*/checkout/payment.*'")
                        && l.endsWith(
                            "or matching it as a regular expression over the whole URL (as in 0.1)")),
        lines.toString());
  }

  /**
   * Events stored (of the three sent) of a session sent from {@code url} by a browser that excluded
   * nothing; empty when none.
   */
  private java.util.Optional<Long> storedFrom(String url) {
    String session = randomId("blk");
    long t = System.currentTimeMillis() - 1000;
    HttpResponse<String> r =
        http.ingest(
            bytes(
                batch(
                    session,
                    randomId("win"),
                    0,
                    List.of(meta(t, url), fullSnapshot(t + 1), incremental(t + 10)))),
            false,
            OTHER_INGEST_KEY);
    assertEquals(200, r.statusCode(), r.body());
    int accepted = json(r).get("accepted").asInt();
    return reader
        .session(List.of("other"), session)
        .map(s -> s.eventCount())
        .filter(n -> accepted > 0);
  }
}
