package dev.replaylink.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.config.ApiTokenConfiguration;
import dev.replaylink.service.config.ProjectConfiguration;
import dev.replaylink.service.storage.StorageBackend;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Zero configuration gives a working project and admin token that survive a restart; configuration
 * replaces them.
 */
class LocalDefaultsTest {
  StorageBackend backend;
  LocalDefaults defaults;

  @BeforeEach
  void database() {
    backend = StorageBackend.h2();
    defaults = new LocalDefaults(backend.storage().localCredentials());
  }

  @AfterEach
  void closeDatabase() {
    backend.close();
  }

  @Test
  void zeroConfigurationGeneratesKeyAndTokenThatSurviveRestart() {
    ProjectRegistry projects = new ProjectRegistry(List.of(), defaults);
    TokenRegistry tokens = new TokenRegistry(List.of(), projects, defaults);
    String key = projects.generatedIngestKey().orElseThrow();
    String token = tokens.generatedAdminToken().orElseThrow();
    assertEquals("default", projects.byIngestKey(key).orElseThrow().name());
    assertTrue(projects.byIngestKey(key).orElseThrow().allowsOrigin("https://anything.example"));
    assertTrue(tokens.authenticate(token).orElseThrow().isAdmin());
    assertTrue(tokens.authenticate(key).isEmpty(), "the ingest key never reads");

    ProjectRegistry restarted = new ProjectRegistry(List.of(), defaults);
    assertEquals(key, restarted.generatedIngestKey().orElseThrow());
    assertEquals(
        token,
        new TokenRegistry(List.of(), restarted, defaults).generatedAdminToken().orElseThrow());
  }

  @Test
  void configuredProjectsAndTokensReplaceTheDefaults() {
    ProjectConfiguration shop = new ProjectConfiguration("shop");
    shop.setIngestKey("shop-key-123456");
    shop.setAllowedOrigins(List.of("https://shop.example.com/"));
    ApiTokenConfiguration ops = new ApiTokenConfiguration("ops");
    ops.setToken("ops-token-0123456789");
    ProjectRegistry projects = new ProjectRegistry(List.of(shop), defaults);
    TokenRegistry tokens = new TokenRegistry(List.of(ops), projects, defaults);
    assertTrue(projects.generatedIngestKey().isEmpty());
    assertTrue(tokens.generatedAdminToken().isEmpty());
    assertTrue(projects.byName("default").isEmpty());
    Project p = projects.byIngestKey("shop-key-123456").orElseThrow();
    assertTrue(p.allowsOrigin("https://shop.example.com"));
    assertTrue(!p.allowsOrigin("https://evil.example") && !p.allowsOrigin(null));
    Principal viewer = tokens.authenticate("ops-token-0123456789").orElseThrow();
    assertEquals(Principal.Role.VIEWER, viewer.role());
    assertEquals(java.util.Set.of("shop"), viewer.projects());
  }

  @Test
  void invalidConfigurationFailsNamingTheKey() {
    ProjectConfiguration noKey = new ProjectConfiguration("shop");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> new ProjectRegistry(List.of(noKey), defaults));
    assertTrue(e.getMessage().contains("replaylink.projects.shop.ingest-key"), e.getMessage());

    ProjectConfiguration shop = new ProjectConfiguration("shop");
    shop.setIngestKey("shop-key-123456");
    ApiTokenConfiguration bad = new ApiTokenConfiguration("ops");
    bad.setToken("ops-token-0123456789");
    bad.setRole("owner");
    ProjectRegistry projects = new ProjectRegistry(List.of(shop), defaults);
    IllegalArgumentException e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TokenRegistry(List.of(bad), projects, defaults));
    assertTrue(e2.getMessage().contains("replaylink.api-tokens.ops.role"), e2.getMessage());
    ApiTokenConfiguration unknownProject = new ApiTokenConfiguration("ops");
    unknownProject.setToken("ops-token-0123456789");
    unknownProject.setProjects(List.of("nope"));
    IllegalStateException e3 =
        assertThrows(
            IllegalStateException.class,
            () -> new TokenRegistry(List.of(unknownProject), projects, defaults));
    assertTrue(e3.getMessage().contains("unknown project: nope"), e3.getMessage());
  }
}
