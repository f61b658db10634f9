package dev.replaylink.bench.service;

import dev.replaylink.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * Two services side by side, each on a fresh database of its own: recordings in the database (the
 * baseline) and recordings in S3 ({@code s3Props}). Stopped and started again on the same
 * databases, so that an H2 file can be measured between runs ({@link #footprints}).
 */
final class StorePair {
  private final String kind;
  private final Path jar;
  private final Map<String, String> s3Props;
  private final BenchDatabase databaseDb;
  private final BenchDatabase s3Db;
  ServiceProcess database;
  ServiceProcess s3;

  StorePair(String kind, Path jar, Map<String, String> s3Props) {
    this.kind = kind;
    this.jar = jar;
    this.s3Props = s3Props;
    this.databaseDb = BenchDatabase.fresh(kind);
    this.s3Db = BenchDatabase.fresh(kind, "-s3");
  }

  void start() throws Exception {
    database = BenchService.start(jar, databaseDb, "512m", Map.of(), kind + "-seek-database");
    s3 = BenchService.start(jar, s3Db, "512m", s3Props, kind + "-seek-s3");
  }

  void stop() {
    for (ServiceProcess p : new ServiceProcess[] {database, s3}) {
      if (p != null) {
        p.close();
      }
    }
    database = null;
    s3 = null;
  }

  /**
   * What each database holds now, {database store, s3 store}; the first call starts and stops the
   * services once, so that Flyway has created the schema.
   */
  StoreFootprint[] footprints() throws Exception {
    if (database == null && !migrated) {
      start();
      stop();
      migrated = true;
    }
    return new StoreFootprint[] {measure(databaseDb), measure(s3Db)};
  }

  private boolean migrated;

  private static StoreFootprint measure(BenchDatabase db) throws SQLException {
    return StoreFootprint.measure(db);
  }

  /** Compacts the session in both stores (admin API); fails when a store does not answer 200. */
  void compact(String sessionId) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (ServiceProcess p : new ServiceProcess[] {database, s3}) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(p.url() + "/api/v1/sessions/" + sessionId + "/compact"))
                  .header("Authorization", "Bearer " + BenchService.API_TOKEN)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofMinutes(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "compaction of " + sessionId + " failed: " + r.statusCode() + " " + r.body());
      }
      System.out.printf("  compacted %s: %s%n", sessionId, r.body());
    }
  }
}
