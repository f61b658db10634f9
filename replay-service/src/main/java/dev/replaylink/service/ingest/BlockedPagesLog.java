package dev.replaylink.service.ingest;

import dev.replaylink.service.auth.Project;
import dev.replaylink.service.auth.ProjectRegistry;
import dev.replaylink.service.model.UrlPattern;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up, for each project, every {@code blocked-url-patterns} entry and how it will
 * match, so that a pattern that blocks more, less or otherwise than meant is seen before a page is
 * recorded.
 */
@Singleton
final class BlockedPagesLog {
  private static final Logger LOG = LoggerFactory.getLogger(BlockedPagesLog.class);

  private final ProjectRegistry projects;

  BlockedPagesLog(ProjectRegistry projects) {
    this.projects = projects;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    for (Project p : projects.all()) {
      for (UrlPattern pattern : p.blockedUrlPatterns()) {
        LOG.info(
            "Project {}: blocked-url-patterns '{}' drops the events of {}",
            p.name(),
            pattern.source(),
            pattern.describe());
      }
    }
  }
}
