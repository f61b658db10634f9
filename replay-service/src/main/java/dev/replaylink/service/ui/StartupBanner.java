package dev.replaylink.service.ui;

import dev.replaylink.service.auth.ProjectRegistry;
import dev.replaylink.service.auth.TokenRegistry;
import dev.replaylink.service.config.ReplaylinkConfiguration;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a first-time user where everything is. Generated local-development credentials are printed
 * here, and only when they are in use (nothing configured).
 */
@Singleton
final class StartupBanner {
  private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

  private final ProjectRegistry projects;
  private final TokenRegistry tokens;
  private final ReplaylinkConfiguration config;

  StartupBanner(ProjectRegistry projects, TokenRegistry tokens, ReplaylinkConfiguration config) {
    this.projects = projects;
    this.tokens = tokens;
    this.config = config;
  }

  @EventListener
  void onStartup(ServerStartupEvent event) {
    String local = "http://localhost:" + event.getSource().getPort();
    StringBuilder b = new StringBuilder("\n");
    b.append("  Replaylink replay-service is running on ").append(local).append('\n');
    b.append("    sessions:    ").append(local).append("/sessions\n");
    b.append("    recorder:    ").append(local).append("/sdk/replaylink.js\n");
    b.append("    replay URLs: ").append(config.getPublicUrl()).append("/replay/<session id>\n");
    if (projects.generatedIngestKey().isPresent() || tokens.generatedAdminToken().isPresent()) {
      b.append(
          "  LOCAL-DEVELOPMENT DEFAULTS (generated because nothing is configured; do not expose as is):\n");
      projects
          .generatedIngestKey()
          .ifPresent(
              k ->
                  b.append("    project:     default (accepts any origin)\n    ingest key:  ")
                      .append(k)
                      .append('\n'));
      tokens
          .generatedAdminToken()
          .ifPresent(
              t ->
                  b.append("    admin token: ")
                      .append(t)
                      .append("   (log in at ")
                      .append(local)
                      .append("/login)\n"));
    }
    LOG.info("{}", b);
  }
}
