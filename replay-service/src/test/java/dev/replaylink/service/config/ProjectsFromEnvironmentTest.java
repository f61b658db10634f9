package dev.replaylink.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Projects can be configured with environment variables, including names with a dash. */
class ProjectsFromEnvironmentTest {
  @Test
  void projectsAreReadFromEnvironmentVariables() {
    List<ProjectConfiguration> projects =
        ProjectsFromEnvironment.read(
            Map.of(
                "REPLAYLINK_PROJECTS_SHOP_INGEST_KEY", "shop-key-0123",
                "REPLAYLINK_PROJECTS_SHOP_ALLOWED_ORIGINS",
                    "https://shop.example.com, https://www.shop.example.com",
                "REPLAYLINK_PROJECTS_SHOP_RETENTION_DAYS", "7",
                "REPLAYLINK_PROJECTS_SHOP_BLOCKED_URL_PATTERNS", ".*/checkout/payment.*",
                "REPLAYLINK_PROJECTS_SHOP_ASSET_ORIGINS",
                    "https://cdn.example.com, https://*.images.example",
                "REPLAYLINK_PROJECTS_BACK_OFFICE_INGEST_KEY", "back-office-key-0123",
                "REPLAYLINK_API_TOKENS_OPS_TOKEN", "not-a-project",
                "PATH", "/usr/bin"));
    assertEquals(2, projects.size());
    ProjectConfiguration shop =
        projects.stream().filter(p -> p.getName().equals("shop")).findFirst().orElseThrow();
    assertEquals("shop-key-0123", shop.getIngestKey());
    assertEquals(
        List.of("https://shop.example.com", "https://www.shop.example.com"),
        shop.getAllowedOrigins());
    assertEquals(7, shop.getRetentionDays());
    assertEquals(List.of(".*/checkout/payment.*"), shop.getBlockedUrlPatterns());
    assertEquals(
        List.of("https://cdn.example.com", "https://*.images.example"), shop.getAssetOrigins());
    ProjectConfiguration backOffice =
        projects.stream().filter(p -> p.getName().equals("back-office")).findFirst().orElseThrow();
    assertEquals("back-office-key-0123", backOffice.getIngestKey());
    assertEquals(ProjectConfiguration.DEFAULT_RETENTION_DAYS, backOffice.getRetentionDays());
  }

  @Test
  void environmentVariablesWinOverTheFileFieldByField() {
    ProjectConfiguration file = new ProjectConfiguration("back-office");
    file.setIngestKey("file-key-0123");
    file.setAllowedOrigins(List.of("https://office.example.com"));
    file.setRetentionDays(10);
    ProjectConfiguration untouched = new ProjectConfiguration("shop");
    untouched.setIngestKey("shop-key-0123");
    List<ProjectsFromEnvironment.Sourced> merged =
        ProjectsFromEnvironment.merge(
            List.of(file, untouched),
            Map.of(
                "REPLAYLINK_PROJECTS_BACK_OFFICE_INGEST_KEY", "rotated-key-0123",
                "REPLAYLINK_PROJECTS_NEW_INGEST_KEY", "new-key-0123"));
    assertEquals(3, merged.size());
    ProjectConfiguration office = merged.get(0).project();
    assertEquals("rotated-key-0123", office.getIngestKey(), "the variable rotates the key");
    assertEquals(
        List.of("https://office.example.com"),
        office.getAllowedOrigins(),
        "fields the environment does not set stay the file's");
    assertEquals(10, office.getRetentionDays());
    assertEquals("file, with ingest-key from the environment", merged.get(0).source());
    assertEquals("file-key-0123", file.getIngestKey(), "the configured object is not changed");
    assertEquals("file", merged.get(1).source());
    assertEquals("new", merged.get(2).project().getName());
    assertEquals("environment", merged.get(2).source());
  }

  @Test
  void retentionThatIsNotANumberNamesTheVariable() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ProjectsFromEnvironment.read(
                    Map.of("REPLAYLINK_PROJECTS_SHOP_RETENTION_DAYS", "a week")));
    assertEquals(true, e.getMessage().contains("REPLAYLINK_PROJECTS_SHOP_RETENTION_DAYS"));
  }

  @Test
  void theFrameworkIsKeptFromProjectAndTokenVariablesOnly() {
    assertEquals(
        Set.of("REPLAYLINK_PROJECTS_SHOP_INGEST_KEY", "REPLAYLINK_API_TOKENS_OPS_TOKEN"),
        Set.of(
            ProjectsFromEnvironment.handledVariables(
                Map.of(
                    "REPLAYLINK_PROJECTS_SHOP_INGEST_KEY",
                    "k",
                    "REPLAYLINK_API_TOKENS_OPS_TOKEN",
                    "t",
                    "REPLAYLINK_PUBLIC_URL",
                    "https://replay.example.com",
                    "DATASOURCES_DEFAULT_URL",
                    "jdbc:h2:mem:x"))));
  }
}
