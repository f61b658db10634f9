package dev.replaylink.service.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replaylink.service.TestObjects;
import dev.replaylink.service.api.Http;
import dev.replaylink.testsupport.PostgresSchema;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases written by release 0.1 (made by {@code src/test/upgrade/make-fixture.mjs} from that
 * release's jar: an H2 file and a PostgreSQL dump) open with this code, Flyway migrates them
 * forward, and every session answers exactly as the release answered: summary and markers, the
 * events from the start and from every checkout, the sessions of every trace, the session list.
 */
class UpgradeFixtureTest {
  private static final String FIXTURE = "/upgrade/0.1/";

  /** The schema the dump was taken from; its statements name it. */
  private static final String DUMPED_SCHEMA = "rl_upgrade_fixture";

  @Test
  void h2FileOfTheReleaseReplaysTheSame(@TempDir Path dir) throws Exception {
    try (InputStream in = new GZIPInputStream(resource("h2/replaylink.mv.db.gz"))) {
      Files.copy(in, dir.resolve("replaylink.mv.db"));
    }
    Map<String, Object> props =
        new HashMap<>(
            Map.of(
                "datasources.default.url",
                "jdbc:h2:file:"
                    + dir.resolve("replaylink").toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE"));
    replaysAsReleased(props, "h2/expected.json");
  }

  @Test
  void postgresDumpOfTheReleaseReplaysTheSame() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create("rl_upgrade")) {
      String dump =
          new String(resource("postgres/dump.sql").readAllBytes(), StandardCharsets.UTF_8)
              .replaceAll("(?m)^--.*$", "")
              .replace("CREATE SCHEMA " + DUMPED_SCHEMA + ";", "")
              .replace(DUMPED_SCHEMA + ".", schema.name() + ".");
      assertFalse(dump.contains(DUMPED_SCHEMA), "every reference to the dumped schema is renamed");
      try (Connection c = schema.connect();
          Statement s = c.createStatement()) {
        s.execute(dump);
      }
      replaysAsReleased(new HashMap<>(schema.serviceProperties()), "postgres/expected.json");
    }
  }

  private static void replaysAsReleased(Map<String, Object> props, String expectedFile)
      throws IOException {
    props.put("replaylink.public-url", "http://replay.example.test");
    props.put("replaylink.retention.enabled", "false");
    props.put("replaylink.storage.compaction.enabled", "false");
    JsonNode expected = TestObjects.JSON.readTree(resource(expectedFile));
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
      Http http = new Http(server.getURL().toString());
      int checked = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("sessions").fields();
          it.hasNext();
          checked++) {
        Map.Entry<String, JsonNode> e = it.next();
        assertSame(e.getValue(), http, "/api/v1/sessions/" + e.getKey());
        for (Iterator<Map.Entry<String, JsonNode>> reads =
                expected.get("events").get(e.getKey()).fields();
            reads.hasNext(); ) {
          Map.Entry<String, JsonNode> read = reads.next();
          String query = read.getKey().equals("start") ? "" : "?from=" + read.getKey();
          assertSame(read.getValue(), http, "/api/v1/sessions/" + e.getKey() + "/events" + query);
        }
      }
      assertEquals(5, checked, "sessions in the fixture");
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("traces").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertSame(e.getValue(), http, "/api/v1/traces/" + e.getKey());
      }
      assertSame(expected.get("search"), http, "/api/v1/sessions?limit=100");
    }
  }

  private static void assertSame(JsonNode expected, Http http, String path) throws IOException {
    HttpResponse<String> r = http.get(path, TestObjects.ADMIN_TOKEN);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    assertEquals(expected, TestObjects.JSON.readTree(r.body()), path);
  }

  private static InputStream resource(String name) {
    InputStream in = UpgradeFixtureTest.class.getResourceAsStream(FIXTURE + name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("fixture missing: " + FIXTURE + name));
    }
    return in;
  }
}
