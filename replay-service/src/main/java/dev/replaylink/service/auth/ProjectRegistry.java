package dev.replaylink.service.auth;

import dev.replaylink.service.config.AssetOrigins;
import dev.replaylink.service.config.ProjectConfiguration;
import dev.replaylink.service.config.ProjectsFromEnvironment;
import dev.replaylink.service.model.UrlPattern;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projects this service accepts recordings for. Invalid configuration fails start-up with a
 * message naming the key. With no project configured, a "default" project accepting any origin is
 * used, with a generated ingest key ({@link #generatedIngestKey()}). Environment variables win over
 * the configuration file field by field ({@link ProjectsFromEnvironment}); start-up logs where each
 * project's settings came from.
 */
@Singleton
public final class ProjectRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectRegistry.class);
  private final Map<String, Project> projects = new LinkedHashMap<>();
  private final String generatedIngestKey;

  @Inject
  ProjectRegistry(List<ProjectConfiguration> configured, LocalDefaults defaults) {
    this(configured, System.getenv(), defaults);
  }

  ProjectRegistry(
      List<ProjectConfiguration> configured, Map<String, String> env, LocalDefaults defaults) {
    for (ProjectsFromEnvironment.Sourced sourced : ProjectsFromEnvironment.merge(configured, env)) {
      ProjectConfiguration pc = sourced.project();
      LOG.info("Project {}: settings from {}", pc.getName(), sourced.source());
      String key = "replaylink.projects." + pc.getName();
      if (pc.getIngestKey() == null || pc.getIngestKey().length() < 8) {
        throw new IllegalStateException(key + ".ingest-key must be set (at least 8 characters)");
      }
      if (pc.getRetentionDays() < 1) {
        throw new IllegalStateException(key + ".retention-days must be >= 1");
      }
      List<UrlPattern> blocked = new ArrayList<>();
      for (String p : pc.getBlockedUrlPatterns()) {
        try {
          blocked.add(UrlPattern.parse(p));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              key + ".blocked-url-patterns has an invalid pattern '" + p + "': " + e.getMessage(),
              e);
        }
      }
      List<String> origins = pc.getAllowedOrigins().stream().map(Project::stripSlash).toList();
      List<String> assets = AssetOrigins.parse(key + ".asset-origins", pc.getAssetOrigins());
      projects.put(
          pc.getName(),
          new Project(
              pc.getName(),
              Secrets.digest(pc.getIngestKey()),
              origins,
              pc.getRetentionDays(),
              blocked,
              assets));
    }
    if (projects.isEmpty()) {
      generatedIngestKey = defaults.secret(LocalDefaults.INGEST_KEY, "rl_ik_");
      LOG.info(
          "Project {}: settings generated (no project configured; local development only)",
          LocalDefaults.DEFAULT_PROJECT);
      projects.put(
          LocalDefaults.DEFAULT_PROJECT,
          new Project(
              LocalDefaults.DEFAULT_PROJECT,
              Secrets.digest(generatedIngestKey),
              List.of("*"),
              ProjectConfiguration.DEFAULT_RETENTION_DAYS,
              List.of()));
    } else {
      generatedIngestKey = null;
    }
  }

  /**
   * The project whose ingest key this is; every project is compared, in constant time each ({@link
   * Secrets#findMatch}).
   */
  public Optional<Project> byIngestKey(String key) {
    return Secrets.findMatch(key, projects.values(), Project::ingestKeyDigest);
  }

  public Optional<Project> byName(String name) {
    return Optional.ofNullable(projects.get(name));
  }

  public Collection<Project> all() {
    return projects.values();
  }

  public List<String> names() {
    return List.copyOf(projects.keySet());
  }

  /**
   * Whether any project accepts browsers from this origin (answers CORS preflights, which carry no
   * key).
   */
  public boolean anyAllowsOrigin(String origin) {
    return projects.values().stream().anyMatch(p -> p.allowsOrigin(origin));
  }

  /** The generated local-development ingest key, when no project is configured. */
  public Optional<String> generatedIngestKey() {
    return Optional.ofNullable(generatedIngestKey);
  }
}
