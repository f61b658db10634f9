package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.storage.SessionSearch;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A database failure that reaches the HTTP layer is a JSON 503 with a retry hint, never a bare 500 page. */
@MicronautTest
class StorageFailureTest extends EmbeddedServiceTest {
  @MockBean(SessionSearch.class)
  SessionSearch failingSearch() {
    return (SessionSearch) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SessionSearch.class},
        (proxy, method, args) -> {
          throw new StorageException("Could not read", new SQLException("connection refused", "08001"));
        });
  }

  @Test
  void storageFailureIsAJsonServiceUnavailable() {
    HttpResponse<String> r = http.get("/api/v1/sessions", ADMIN_TOKEN);
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
    JsonNode body = json(r);
    assertEquals("storage_unavailable", body.get("error").asText());
    assertTrue(!body.get("message").asText().contains("connection refused"), "no internals: " + r.body());
  }
}
