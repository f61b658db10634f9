package dev.replaylink.otel.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replaylink.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The real replay-service that all integration tests of a run share, on an in-memory H2 database
 * with a test project and an admin API token; started on first use, killed when the test JVM exits.
 */
public final class SharedReplayService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SharedReplayService shared;

  private final ServiceProcess process;
  private final String ingestKey = "it-key-" + UUID.randomUUID();
  private final String apiToken = "it-token-" + UUID.randomUUID();

  private SharedReplayService() throws Exception {
    process =
        ServiceProcess.builder()
            .jvmArgs(List.of("-XX:TieredStopAtLevel=1"))
            .inMemoryH2()
            .project("test", ingestKey)
            .adminToken("test", apiToken)
            .log(Path.of("target", "it-logs", "replay-service.log"))
            .startTimeout(Duration.ofSeconds(60))
            .start();
  }

  public static synchronized SharedReplayService shared() throws Exception {
    if (shared == null) {
      shared = new SharedReplayService();
    }
    return shared;
  }

  public String url() {
    return process.url();
  }

  public String ingestKey() {
    return ingestKey;
  }

  /** GET, with the admin bearer token when {@code authorized}. */
  public HttpResponse<String> get(String path, boolean authorized)
      throws IOException, InterruptedException {
    return process.get(path, authorized ? apiToken : null);
  }

  /** The JSON body of an authorized GET once it answers 200, or null after the timeout. */
  public JsonNode awaitJson(String path, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<String> response = get(path, true);
      if (response.statusCode() == 200) {
        return JSON.readTree(response.body());
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      Thread.sleep(100);
    }
  }
}
