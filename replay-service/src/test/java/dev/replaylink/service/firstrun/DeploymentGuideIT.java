package dev.replaylink.service.firstrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.api.Http;
import dev.replaylink.testsupport.S3Server;
import dev.replaylink.testsupport.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deployment.md's "MinIO (and other self-hosted stores)" set-up, followed as a new user would:
 * the packaged jar started in an empty directory with exactly the environment variables that
 * section exports, against a real S3 API server (S3Proxy) in place of MinIO. Only the values that
 * name the reader's own server (endpoint, keys, bucket) are replaced; every other line is taken
 * from the page, so a wrong variable name or value there fails this test.
 */
class DeploymentGuideIT {
  private static final Path GUIDE = Paths.get("..", "docs", "deployment.md");
  private static final Pattern EXPORT = Pattern.compile("(?m)^export (\\w+)=(\\S+)$");

  /** The variables exported by the first bash block under the given heading. */
  static Map<String, String> exportsUnder(String heading) throws Exception {
    String guide = Files.readString(GUIDE);
    int at = guide.indexOf(heading);
    assertTrue(at >= 0, "docs/deployment.md has the section " + heading);
    int start = guide.indexOf("```bash\n", at);
    int end = guide.indexOf("```", start + 8);
    assertTrue(start > at && end > start, "a bash block under " + heading);
    Matcher m = EXPORT.matcher(guide.substring(start, end));
    Map<String, String> env = new LinkedHashMap<>();
    while (m.find()) {
      env.put(m.group(1), m.group(2));
    }
    return env;
  }

  /** The section's variables with this machine's server, keys and bucket filled in. */
  static Map<String, String> minioSetUp(String endpoint, String bucket) throws Exception {
    Map<String, String> env = exportsUnder("### MinIO (and other self-hosted stores)");
    for (String name :
        new String[] {
          "REPLAYLINK_STORAGE_RECORDINGS_TYPE",
          "REPLAYLINK_STORAGE_RECORDINGS_S3_ENDPOINT",
          "REPLAYLINK_STORAGE_RECORDINGS_S3_PATH_STYLE",
          "REPLAYLINK_STORAGE_RECORDINGS_S3_BUCKET",
          "REPLAYLINK_STORAGE_RECORDINGS_S3_ACCESS_KEY",
          "REPLAYLINK_STORAGE_RECORDINGS_S3_SECRET_KEY"
        }) {
      assertNotNull(env.get(name), "the MinIO set-up exports " + name + ": " + env);
    }
    env.put("REPLAYLINK_STORAGE_RECORDINGS_S3_ENDPOINT", endpoint);
    env.put("REPLAYLINK_STORAGE_RECORDINGS_S3_BUCKET", bucket);
    env.put("REPLAYLINK_STORAGE_RECORDINGS_S3_ACCESS_KEY", S3Server.ACCESS_KEY);
    env.put("REPLAYLINK_STORAGE_RECORDINGS_S3_SECRET_KEY", S3Server.SECRET_KEY);
    return env;
  }

  @Test
  void theMinioSetUpStoresRecordingsInANewBucketAndKeepsOnlyTheIndexInTheDatabase(
      @TempDir Path workDir) throws Exception {
    S3Server s3 = S3Server.shared();
    String bucket = S3Server.freshBucket();
    Map<String, String> env = minioSetUp(s3.endpoint(), bucket);
    String session = "guide-" + UUID.randomUUID();
    String token;
    try (ZeroConfigIT.Service service = new ZeroConfigIT.Service(workDir, env, "guide-s3.log")) {
      String key = service.printed(ZeroConfigIT.INGEST_KEY);
      token = service.printed(ZeroConfigIT.ADMIN_TOKEN);
      String base = service.printed(ZeroConfigIT.SESSIONS_URL).replace("localhost", "127.0.0.1");
      HttpResponse<String> r =
          ZeroConfigIT.ingest(
              base,
              ZeroConfigIT.batch(session, "http://localhost:3000/"),
              key,
              "http://localhost:3000");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(3, ZeroConfigIT.eventCount(base, session, token));
      assertTrue(s3.objectCount(bucket) >= 1, "start-up created the bucket and ingest wrote to it");
      HttpResponse<String> health = new Http(base).get("/health", token);
      assertEquals(200, health.statusCode(), health.body());
      assertTrue(health.body().contains("recordingObjects"), "health reports the store");
    }
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + workDir.resolve("data").resolve("replaylink"), "sa", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*), COUNT(payload), COUNT(object_key) FROM rl_chunks"
                    + " WHERE session_id = '"
                    + session
                    + "'")) {
      assertTrue(rs.next());
      assertTrue(rs.getLong(1) >= 1, "the chunk index has the batch");
      assertEquals(0, rs.getLong(2), "no chunk bytes in the database");
      assertEquals(rs.getLong(1), rs.getLong(3), "every chunk points at an object");
    }
    try (ZeroConfigIT.Service again =
        new ZeroConfigIT.Service(workDir, env, "guide-s3-restart.log")) {
      String base = again.printed(ZeroConfigIT.SESSIONS_URL).replace("localhost", "127.0.0.1");
      assertEquals(3, ZeroConfigIT.eventCount(base, session, token), "replays after a restart");
    }
  }

  @Test
  void anEndpointThatCannotBeReachedStopsStartUpNamingTheKey(@TempDir Path workDir)
      throws Exception {
    Map<String, String> env =
        minioSetUp("http://127.0.0.1:" + ServiceProcess.freePort(), S3Server.freshBucket());
    AssertionError failed =
        assertThrows(
            AssertionError.class,
            () -> new ZeroConfigIT.Service(workDir, env, "guide-s3-unreachable.log").close());
    assertTrue(
        failed.getMessage().contains("exited during start-up")
            && failed.getMessage().contains("replaylink.storage.recordings.s3.endpoint"),
        failed.getMessage());
  }
}
