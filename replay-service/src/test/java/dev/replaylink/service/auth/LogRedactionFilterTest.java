package dev.replaylink.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Secret query parameters are redacted from log lines, which are still written, once. */
class LogRedactionFilterTest {
  @Test
  void secretQueryParametersAreRedactedAndTheLineIsStillLogged() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.replaylink.test.redaction");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    logger.setLevel(Level.DEBUG);
    try {
      logger.debug("Request {} {}", "POST", URI.create("/api/v1/ingest?key=secret-ingest-key&x=1"));
      logger.info("GET /login?next=/sessions&token=abc");
      logger.debug("Request {} {}", "GET", "/api/v1/sessions?limit=5");
      logger.trace("not enabled ?key=secret-ingest-key");
    } finally {
      logger.detachAppender(captured);
      logger.setLevel(null);
    }
    List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(
        List.of(
            "Request POST /api/v1/ingest?key=<redacted>&x=1",
            "GET /login?next=/sessions&token=<redacted>",
            "Request GET /api/v1/sessions?limit=5"),
        lines);
    assertEquals(Level.DEBUG, captured.list.get(0).getLevel());
    assertEquals("dev.replaylink.test.redaction", captured.list.get(0).getLoggerName());
  }

  @Test
  void textWithoutSecretParametersIsLeftAlone() {
    assertNull(LogRedactionFilter.redact("monkey=1&keys=2"));
    assertEquals("/x?key=<redacted>", LogRedactionFilter.redact("/x?key=abc"));
  }
}
