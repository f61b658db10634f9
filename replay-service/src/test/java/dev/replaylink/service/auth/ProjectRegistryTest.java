package dev.replaylink.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.replaylink.service.config.ProjectConfiguration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A key rotated by environment variable takes effect over the file, and start-up says where each
 * project's settings came from.
 */
class ProjectRegistryTest {
  @Test
  void aKeyRotatedInTheEnvironmentReplacesTheFilesKeyAndTheSourceIsLogged() {
    ProjectConfiguration shop = new ProjectConfiguration("shop");
    shop.setIngestKey("old-key-from-file");
    shop.setAllowedOrigins(List.of("https://shop.example.com"));
    Logger logger = (Logger) LoggerFactory.getLogger(ProjectRegistry.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    ProjectRegistry registry;
    try {
      registry =
          new ProjectRegistry(
              List.of(shop),
              Map.of(
                  "REPLAYLINK_PROJECTS_SHOP_INGEST_KEY",
                  "new-key-from-env",
                  "REPLAYLINK_PROJECTS_BILLING_INGEST_KEY",
                  "billing-key-from-env"),
              new LocalDefaults(null));
    } finally {
      logger.detachAppender(logs);
    }
    assertEquals("shop", registry.byIngestKey("new-key-from-env").orElseThrow().name());
    assertTrue(
        registry.byIngestKey("old-key-from-file").isEmpty(), "the file's key no longer works");
    assertTrue(
        registry.byName("shop").orElseThrow().allowsOrigin("https://shop.example.com"),
        "the file's origins stay");
    List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertTrue(
        lines.contains("Project shop: settings from file, with ingest-key from the environment"),
        lines.toString());
    assertTrue(lines.contains("Project billing: settings from environment"), lines.toString());
  }
}
