package dev.replaylink.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API tokens can be configured with environment variables, as containers usually are. */
class ApiTokensFromEnvironmentTest {
  @Test
  void tokensRolesAndProjectsAreReadFromEnvironmentVariables() {
    List<ApiTokenConfiguration> tokens =
        ApiTokensFromEnvironment.read(
            Map.of(
                "REPLAYLINK_API_TOKENS_OPS_TOKEN", "ops-token-0123456789",
                "REPLAYLINK_API_TOKENS_OPS_ROLE", "admin",
                "REPLAYLINK_API_TOKENS_SUPPORT_TEAM_TOKEN", "support-token-0123456789",
                "REPLAYLINK_API_TOKENS_SUPPORT_TEAM_PROJECTS", "shop, blog",
                "REPLAYLINK_PROJECTS_SHOP_INGEST_KEY", "not-a-token",
                "PATH", "/usr/bin"));
    assertEquals(2, tokens.size());
    ApiTokenConfiguration ops =
        tokens.stream().filter(t -> t.getName().equals("ops")).findFirst().orElseThrow();
    assertEquals("ops-token-0123456789", ops.getToken());
    assertEquals("admin", ops.getRole());
    ApiTokenConfiguration support =
        tokens.stream().filter(t -> t.getName().equals("support-team")).findFirst().orElseThrow();
    assertEquals("viewer", support.getRole());
    assertEquals(List.of("shop", "blog"), support.getProjects());
  }
}
