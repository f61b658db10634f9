package dev.replaylink.service.ui;

import dev.replaylink.protocol.SessionIds;
import dev.replaylink.service.auth.Principal;
import dev.replaylink.service.auth.Project;
import dev.replaylink.service.auth.ProjectRegistry;
import dev.replaylink.service.config.AssetOrigins;
import dev.replaylink.service.storage.SessionSearch;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Content-Security-Policy of a replay page: the UI's policy with the recorded project's {@code
 * allowed-origins} and {@code asset-origins} as further sources of images, styles, fonts and media,
 * so that a recording's own assets show while a reference to any other host is never requested. A
 * {@code *} in {@code allowed-origins} adds nothing. A session the viewer cannot see (or that does
 * not exist) gets the UI's policy unchanged. Blocking: reads the session from storage.
 */
@Singleton
final class ReplayPagePolicy {

  private final SessionSearch reader;
  private final ProjectRegistry projects;

  ReplayPagePolicy(SessionSearch reader, ProjectRegistry projects) {
    this.reader = reader;
    this.projects = projects;
  }

  String forSession(Principal viewer, String sessionId) {
    if (sessionId == null || !SessionIds.isValid(sessionId)) {
      return SecurityHeadersFilter.CSP;
    }
    return reader
        .session(viewer.projects(), sessionId)
        .flatMap(s -> projects.byName(s.project()))
        .map(p -> SecurityHeadersFilter.policy(sources(p)))
        .orElse(SecurityHeadersFilter.CSP);
  }

  static List<String> sources(Project project) {
    Set<String> all = new LinkedHashSet<>(AssetOrigins.usable(project.allowedOrigins()));
    all.addAll(project.assetOrigins());
    return List.copyOf(all);
  }
}
