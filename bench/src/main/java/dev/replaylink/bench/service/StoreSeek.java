package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.testsupport.S3Server;
import dev.replaylink.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seek through the service API with recordings in the database and in S3 ({@code SeekBench --store
 * database,s3}): one service per store on a fresh database of its own, the same synthetic sessions
 * uploaded to both, then {@code GET /api/v1/sessions/{id}/events?from=} 20 seconds before the end,
 * as the replay page asks, and without {@code from} (the whole session) as the reference. Measures
 * the JSON the API answers, for the s3 store the object bytes the S3 server served for it, and the
 * time to the last byte of the answer; not the time to the player's first frame (no browser here).
 */
public final class StoreSeek {
  private StoreSeek() {}

  public static void run(BenchArgs a, List<String> stores, String command) throws Exception {
    if (!stores.equals(List.of("database", "s3"))) {
      throw new IllegalArgumentException("--store compares database,s3; got " + stores);
    }
    RecordingFixture fixture =
        RecordingFixture.load(a.path("fixture", RecordingFixture.DEFAULT_PATH));
    int runs = a.integer("runs", 3);
    String kind = a.text("db", "h2");
    Figures figures = new Figures("stores-seek", command);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (S3Server s3 = S3Server.create()) {
      String bucket = S3Server.freshBucket();
      Map<String, String> s3Props = new HashMap<>();
      s3.serviceProperties(bucket).forEach((k, v) -> s3Props.put(k, String.valueOf(v)));
      BenchDatabase dbDatabase = BenchDatabase.fresh(kind);
      BenchDatabase dbS3 = BenchDatabase.fresh(kind, "-s3");
      try (ServiceProcess database =
              BenchService.start(
                  a.path("jar", BenchService.DEFAULT_JAR),
                  dbDatabase,
                  "512m",
                  Map.of(),
                  kind + "-seek-database");
          ServiceProcess objects =
              BenchService.start(
                  a.path("jar", BenchService.DEFAULT_JAR),
                  dbS3,
                  "512m",
                  s3Props,
                  kind + "-seek-s3")) {
        for (String m : a.text("minutes", "60,180").split(",")) {
          int minutes = Integer.parseInt(m.trim());
          long start = System.currentTimeMillis() - (minutes + 5) * 60_000L;
          List<List<ObjectNode>> batches =
              SyntheticSession.batches(fixture, start, minutes * 60_000L, 3);
          long end = 0;
          for (ObjectNode e : batches.get(batches.size() - 1)) {
            end = Math.max(end, e.get("timestamp").asLong());
          }
          String id = "seek-" + minutes + "-" + Long.toString(System.currentTimeMillis(), 36);
          System.out.printf("uploading a %d-minute session to both stores%n", minutes);
          new SessionUpload(database.url()).send(id, id + "-window", batches);
          new SessionUpload(objects.url()).send(id, id + "-window", batches);
          String near = "?from=" + (end - 20_000);
          Read dbNear = read(client, database, id, near, runs, null);
          Read dbWhole = read(client, database, id, "", 1, null);
          Read s3Near = read(client, objects, id, near, runs, s3);
          Read s3Whole = read(client, objects, id, "", 1, s3);
          System.out.printf(
              "  %d min: database near end %s; s3 near end %s; whole session %s / %s%n",
              minutes, dbNear, s3Near, dbWhole, s3Whole);
          String what = "20 s before the end of a " + minutes + "-minute session (" + kind + ")";
          figures.row(
              "Seek via the events API, s3 store vs database store — " + what,
              Figures.f(
                  "s3: %,d KiB JSON, %,d KiB of objects read from the bucket (whole session: %,d"
                      + " KiB of objects)",
                  s3Near.json / 1024, s3Near.objectBytes / 1024, s3Whole.objectBytes / 1024),
              Figures.f(
                  "database: %,d KiB JSON (whole session %,d KiB JSON)",
                  dbNear.json / 1024, dbWhole.json / 1024),
              Figures.ratio(s3Near.json, dbNear.json),
              "bounded by the last checkout");
          figures.row(
              "Seek via the events API, time to the last byte, s3 store vs database store — "
                  + what,
              Figures.f("s3 %.0f ms (median of %d)", s3Near.millis, runs),
              Figures.f("database %.0f ms (median of %d)", dbNear.millis, runs),
              Figures.ratio(s3Near.millis, dbNear.millis),
              "");
          figures.headline(
              "4s-" + minutes,
              "Seek with recordings in S3: objects read near the end of a "
                  + minutes
                  + "-minute session",
              Figures.f(
                  "%,d KiB of %,d KiB stored for the session (%.0f%%); answer in %.0f ms vs %.0f ms"
                      + " from the database",
                  s3Near.objectBytes / 1024,
                  s3Whole.objectBytes / 1024,
                  100.0 * s3Near.objectBytes / Math.max(1, s3Whole.objectBytes),
                  s3Near.millis,
                  dbNear.millis),
              "bounded by the last checkout",
              s3Near.objectBytes < s3Whole.objectBytes,
              "[Stores](#8-recordings-in-s3)");
        }
      }
    }
    figures.write();
  }

  /** One events read: JSON bytes, object bytes the S3 server served for it, median wall time. */
  private record Read(long json, long objectBytes, double millis) {
    @Override
    public String toString() {
      return Figures.f("%,d B JSON, %,d B objects, %.0f ms", json, objectBytes, millis);
    }
  }

  private static Read read(
      HttpClient client, ServiceProcess svc, String id, String query, int runs, S3Server s3)
      throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(svc.url() + "/api/v1/sessions/" + id + "/events" + query))
            .header("Authorization", "Bearer " + BenchService.API_TOKEN)
            .timeout(Duration.ofSeconds(60))
            .build();
    double[] millis = new double[runs];
    long json = 0;
    long objects = 0;
    for (int i = 0; i < runs; i++) {
      long served0 = s3 == null ? 0 : s3.bytesServed();
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      millis[i] = (System.nanoTime() - t0) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("events answered " + r.statusCode());
      }
      json = r.body().length;
      objects = s3 == null ? 0 : s3.bytesServed() - served0;
    }
    Arrays.sort(millis);
    return new Read(json, objects, millis[runs / 2]);
  }
}
