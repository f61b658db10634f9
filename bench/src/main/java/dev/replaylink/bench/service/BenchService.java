package dev.replaylink.bench.service;

import dev.replaylink.testsupport.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * replay-service as the benchmarks run it: a child JVM with a fixed project ({@link #INGEST_KEY})
 * and admin token ({@link #API_TOKEN}), rate limits, retention and background compaction off, its
 * log under bench/target/. Always close it; the launcher's shutdown hook kills it if the benchmark
 * dies.
 */
public final class BenchService {
  public static final String INGEST_KEY = "bench-key-123";
  public static final String API_TOKEN = "bench-token-0123456789";
  public static final String DEFAULT_JAR =
      "replay-service/target/replay-service-0.1.0-SNAPSHOT.jar";

  private BenchService() {}

  public static ServiceProcess start(Path jar, BenchDatabase db, String heap)
      throws IOException, InterruptedException {
    return start(jar, db, heap, Map.of(), db.kind());
  }

  /**
   * With extra properties (e.g. recordings in a bucket); {@code logName} tells apart the logs of
   * services that run side by side.
   */
  public static ServiceProcess start(
      Path jar, BenchDatabase db, String heap, Map<String, String> properties, String logName)
      throws IOException, InterruptedException {
    return builder(jar, db, heap, properties, logName, ServiceProcess.freePort()).start();
  }

  /**
   * The launcher of such a service on a fixed {@code port}, not yet started: {@link
   * ServiceProcess.Builder#start()} may be called again after a kill, so a restarted instance
   * answers where its clients keep sending (its log is appended to). Several services built on one
   * {@code db} share it as instances behind a load balancer would.
   */
  public static ServiceProcess.Builder builder(
      Path jar,
      BenchDatabase db,
      String heap,
      Map<String, String> properties,
      String logName,
      int port) {
    // Extra JVM options for the service, e.g. a flight recording:
    // -XX:StartFlightRecording=filename=svc.jfr
    String extra = System.getenv("RL_BENCH_SERVICE_JVM_ARGS");
    List<String> jvmArgs =
        extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    return ServiceProcess.builder()
        .jar(jar)
        .port(port)
        .heap(heap)
        .jvmArgs(new ArrayList<>(jvmArgs))
        .property("datasources.default.url", db.url())
        .property("datasources.default.username", db.user())
        .property("datasources.default.password", db.password())
        .property("replaylink.public-url", "http://127.0.0.1:" + port)
        .project("bench", INGEST_KEY)
        .adminToken("bench", API_TOKEN)
        .property("replaylink.ingest.rate-per-key", "0")
        .property("replaylink.ingest.rate-per-session", "0")
        .property("replaylink.retention.enabled", "false")
        // benchmarks that need compaction ask for it (POST /api/v1/sessions/{id}/compact)
        .property("replaylink.storage.compaction.enabled", "false")
        .properties(properties)
        .log(Path.of("bench", "target", "replay-service-" + logName + ".log"));
  }
}
