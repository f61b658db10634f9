package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.TestObjects.VIEWER_TOKEN;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Liveness and readiness answer probes without a login; details (the database) only to admins. */
@MicronautTest
class HealthTest extends EmbeddedServiceTest {

  private static boolean hasDetails(JsonNode health) {
    return health.hasNonNull("details");
  }

  @Test
  void probesSeeTheStatusOnlyAndAdminsSeeTheDetails() {
    for (String path : new String[] {"/health", "/health/liveness", "/health/readiness"}) {
      HttpResponse<String> anonymous = http.get(path, null);
      assertEquals(200, anonymous.statusCode(), path + ": " + anonymous.body());
      assertEquals("UP", json(anonymous).get("status").asText(), path);
      assertFalse(
          hasDetails(json(anonymous)), path + " shows no details anonymously: " + anonymous.body());
      assertFalse(
          hasDetails(json(http.get(path, VIEWER_TOKEN))), path + " shows no details to a viewer");
    }
    JsonNode admin = json(http.get("/health/readiness", ADMIN_TOKEN));
    assertTrue(hasDetails(admin), admin.toString());
    assertTrue(admin.toString().contains("jdbc"), "readiness checks the database: " + admin);
  }
}
