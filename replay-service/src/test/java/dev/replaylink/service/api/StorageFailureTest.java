package dev.replaylink.service.api;

import static dev.replaylink.service.TestObjects.ADMIN_TOKEN;
import static dev.replaylink.service.api.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.storage.MarkerStore;
import dev.replaylink.service.storage.SessionSearch;
import dev.replaylink.service.storage.StorageException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A database failure that reaches the HTTP layer is a JSON 503 with a retry hint, never a bare 500
 * page.
 */
@MicronautTest
class StorageFailureTest extends EmbeddedServiceTest {
  @MockBean(SessionSearch.class)
  SessionSearch failingSearch() {
    return (SessionSearch)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {SessionSearch.class},
            (proxy, method, args) -> {
              throw new StorageException(
                  "Could not read", new SQLException("connection refused", "08001"));
            });
  }

  @MockBean(MarkerStore.class)
  MarkerStore failingMarkers() {
    return (MarkerStore)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {MarkerStore.class},
            (proxy, method, args) -> {
              throw new StorageException(
                  "Could not write", new SQLException("connection refused", "08001"));
            });
  }

  @Test
  void storageFailureOfAnOtlpExportIsAnRpcStatusWithRetryAfter() throws Exception {
    byte[] span =
        io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                    .addScopeSpans(
                        io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder()
                            .addSpans(
                                io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                    .setTraceId(
                                        com.google.protobuf.ByteString.copyFrom(
                                            new byte[] {
                                              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
                                            }))
                                    .setSpanId(
                                        com.google.protobuf.ByteString.copyFrom(
                                            new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                                    .addAttributes(
                                        io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
                                            .setKey("session.id")
                                            .setValue(
                                                io.opentelemetry.proto.common.v1.AnyValue
                                                    .newBuilder()
                                                    .setStringValue("session-0001"))))))
            .build()
            .toByteArray();
    HttpResponse<byte[]> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.getURL() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .header("X-Replaylink-Key", TestObjects.INGEST_KEY)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(span))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(503, r.statusCode());
    assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
    assertEquals(
        14,
        com.google.protobuf.UnknownFieldSet.parseFrom(r.body()).getField(1).getVarintList().get(0),
        "UNAVAILABLE");
  }

  @Test
  void storageFailureIsAJsonServiceUnavailable() {
    HttpResponse<String> r = http.get("/api/v1/sessions", ADMIN_TOKEN);
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
    JsonNode body = json(r);
    assertEquals("storage_unavailable", body.get("error").asText());
    assertTrue(
        !body.get("message").asText().contains("connection refused"), "no internals: " + r.body());
  }
}
