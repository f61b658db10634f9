package dev.replaylink.bench.service;

import dev.replaylink.testsupport.S3Server;
import dev.replaylink.testsupport.ServiceProcess;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recordings stores side by side ({@code IngestLoad --store database,s3}): one service per
 * store on a fresh database of its own, recordings of the s3 one in a bucket of a real S3 API
 * server in this process ({@link S3Server}: S3Proxy, filesystem backend). Both run at once and
 * their phases alternate level by level, so both see the same background load; the database store
 * is the baseline. After the load, what each holds per raw MB ingested: the chunk table in the
 * database (rows, payloads and indexes) and the object bodies in the bucket.
 */
final class StoreIngest {
  private static final List<String> STORES = List.of("database", "s3");

  private StoreIngest() {}

  static void run(
      BenchArgs a,
      List<String> stores,
      Path jar,
      RecordingFixture fixture,
      Duration warm,
      Duration duration,
      List<Integer> levels,
      int repeat,
      int maxRequests,
      int sessions,
      String command)
      throws Exception {
    if (!stores.equals(STORES)) {
      throw new IllegalArgumentException("--store compares database,s3; got " + stores);
    }
    Figures figures = new Figures("stores", command);
    S3Server s3 = S3Server.create();
    try {
      for (String kind : a.databases("both")) {
        measure(kind, s3, jar, fixture, warm, duration, levels, repeat, maxRequests, sessions, a);
      }
    } finally {
      s3.close();
    }
    FIGURES.forEach(r -> figures.row(r[0], r[1], r[2], r[3], r[4]));
    HEADLINES.forEach(
        h ->
            figures.headline(
                h[0], h[1], h[2], h[3], h[4].isEmpty() ? null : "yes".equals(h[4]), h[5]));
    figures.write();
  }

  private static final List<String[]> FIGURES = new ArrayList<>();
  private static final List<String[]> HEADLINES = new ArrayList<>();

  private static void measure(
      String kind,
      S3Server s3,
      Path jar,
      RecordingFixture fixture,
      Duration warm,
      Duration duration,
      List<Integer> levels,
      int repeat,
      int maxRequests,
      int sessions,
      BenchArgs a)
      throws Exception {
    Map<String, BenchDatabase> dbs = new LinkedHashMap<>();
    dbs.put("database", BenchDatabase.fresh(kind));
    dbs.put("s3", BenchDatabase.fresh(kind, "-s3"));
    String bucket = S3Server.freshBucket();
    Map<String, String> s3Props = BenchBucket.serviceProperties(s3, bucket);
    Map<String, ServiceProcess> svc = new LinkedHashMap<>();
    Map<String, Map<Integer, List<double[]>>> runs = new HashMap<>();
    Map<String, Long> rawBytes = new HashMap<>();
    String label = dbs.get("database").label();
    Map<String, StoreFootprint> empty = new HashMap<>();
    try {
      for (String store : STORES) {
        // the empty schema, measured with the service stopped (H2's file lock)
        BenchService.start(
                jar,
                dbs.get(store),
                a.text("heap", "512m"),
                store.equals("s3") ? s3Props : Map.of(),
                kind + "-" + store)
            .close();
        empty.put(store, StoreFootprint.measure(dbs.get(store)));
      }
      for (String store : STORES) {
        svc.put(
            store,
            BenchService.start(
                jar,
                dbs.get(store),
                a.text("heap", "512m"),
                store.equals("s3") ? s3Props : Map.of(),
                kind + "-" + store));
        runs.put(store, new java.util.TreeMap<>());
        rawBytes.put(store, 0L);
      }
      long sentAt =
          System.currentTimeMillis()
              + 2 * warm.toMillis()
              + 2L * levels.size() * repeat * duration.toMillis();
      String run = Long.toString(System.currentTimeMillis(), 36);
      IngestBodies bodies =
          IngestBodies.build(fixture, maxRequests, sessions, "store-" + run, sentAt);
      IngestBodies warmup = IngestBodies.build(fixture, 6_000, 50, "swarm-" + run, sentAt);
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      Map<String, AtomicInteger> cursors = new HashMap<>();
      for (String store : STORES) {
        System.out.println(
            label + ", " + store + " store: warming up for " + warm.toSeconds() + "s");
        LoadPhase.Result w =
            LoadPhase.run(
                "warm-up " + store,
                4,
                warm,
                warmup,
                new AtomicInteger(),
                i -> post(client, svc.get(store), warmup.gzip[i]));
        rawBytes.merge(store, w.jsonBytes(), Long::sum);
        cursors.put(store, new AtomicInteger());
      }
      for (int round = 0; round < repeat; round++) {
        for (int c : levels) {
          for (String store : STORES) {
            ServiceProcess s = svc.get(store);
            long cpu0 = s.cpuNanos();
            LoadPhase.Result r =
                LoadPhase.run(
                    store + " " + kind,
                    c,
                    duration,
                    bodies,
                    cursors.get(store),
                    i -> post(client, s, bodies.gzip[i]));
            double cpuMsPerMb = (s.cpuNanos() - cpu0) / 1e6 / (r.jsonBytes() / 1e6);
            rawBytes.merge(store, r.jsonBytes(), Long::sum);
            runs.get(store)
                .computeIfAbsent(c, k -> new ArrayList<>())
                .add(
                    new double[] {
                      r.eventsPerSecond(), cpuMsPerMb, r.latencies().percentileMs(99), r.errors()
                    });
            System.out.printf(
                "  %s store c=%d: %,d requests (%d errors%s), %,.0f events/s, p99 %.1f ms, %.0f ms"
                    + " CPU/MB%n",
                store,
                c,
                r.requests(),
                r.errors(),
                r.exhausted() ? ", ran out of batches: raise --max-requests" : "",
                r.eventsPerSecond(),
                r.latencies().percentileMs(99),
                cpuMsPerMb);
          }
        }
      }
    } finally {
      for (ServiceProcess s : svc.values()) {
        s.close();
      }
    }
    String n = repeat > 1 ? Figures.f(" (median of %d)", repeat) : "";
    for (int c : levels) {
      double[] db = median(runs.get("database").get(c));
      double[] ob = median(runs.get("s3").get(c));
      String at = Figures.f("%s, concurrency %d", label, c);
      FIGURES.add(
          new String[] {
            "Ingest, s3 store vs database store — " + at,
            Figures.f("s3 %,.0f events/s, p99 %.1f ms", ob[0], ob[2]) + n,
            Figures.f("database %,.0f events/s, p99 %.1f ms", db[0], db[2]) + n,
            Figures.ratio(ob[0], db[0]),
            ""
          });
      FIGURES.add(
          new String[] {
            "Ingest service CPU per decompressed MB, s3 store vs database store — " + at,
            Figures.f("s3 %.0f ms", ob[1]) + n,
            Figures.f("database %.0f ms", db[1]) + n,
            Figures.ratio(ob[1], db[1]),
            ""
          });
    }
    int headline = levels.contains(4) ? 4 : levels.get(0);
    double[] db = median(runs.get("database").get(headline));
    double[] ob = median(runs.get("s3").get(headline));
    // What each store keeps, per raw MB it was sent (warm-up and phases alike).
    StoreFootprint dbGrew =
        StoreFootprint.measure(dbs.get("database")).minus(empty.get("database"));
    StoreFootprint s3Grew = StoreFootprint.measure(dbs.get("s3")).minus(empty.get("s3"));
    System.out.printf(
        "  %s grew: database store %s%n  s3 store %s%n", label, dbGrew.bytes(), s3Grew.bytes());
    double dbShare = dbGrew.recordings() / (rawBytes.get("database") / 1e6);
    double s3DbShare = s3Grew.recordings() / (rawBytes.get("s3") / 1e6);
    double objects = s3.objectBytes(bucket) / (rawBytes.get("s3") / 1e6);
    FIGURES.add(
        new String[] {
          "Database bytes per raw MB for the recordings (chunk table: rows, payloads, indexes;"
              + " growth from the empty schema), fixture batches, s3 store vs database store — "
              + label,
          Figures.f(
              "s3 store %,.0f bytes in the database (%s) + %,.0f object bytes in the bucket",
              s3DbShare, s3Grew.perRawMb(rawBytes.get("s3") / 1e6, true), objects),
          Figures.f(
              "database store %,.0f bytes (%s)",
              dbShare, dbGrew.perRawMb(rawBytes.get("database") / 1e6, true)),
          Figures.ratio(s3DbShare, dbShare),
          "≤ 0.05×"
        });
    HEADLINES.add(
        new String[] {
          kind.equals("h2") ? "1c" : "1d",
          "Ingest with recordings in S3 vs in the database, " + label + ", concurrency " + headline,
          Figures.f(
              "%,.0f vs %,.0f events/s (%.2f×); CPU per MB %.2f×",
              ob[0], db[0], ob[0] / db[0], ob[1] / db[1]),
          "–",
          "",
          "[Stores](#8-recordings-in-s3)"
        });
    HEADLINES.add(
        new String[] {
          kind.equals("h2") ? "2c" : "2d",
          "Database bytes per raw MB for the recordings with recordings in S3 vs in the database,"
              + " fixture batches, "
              + label,
          Figures.f(
              "%,.0f vs %,.0f bytes (%.1f%%); %,.0f object bytes per raw MB in the bucket",
              s3DbShare, dbShare, 100 * s3DbShare / dbShare, objects),
          "≤ 5%",
          s3DbShare <= 0.05 * dbShare ? "yes" : "no",
          "[Stores](#8-recordings-in-s3)"
        });
  }

  private static double[] median(List<double[]> rows) {
    int width = rows.get(0).length;
    double[] out = new double[width];
    for (int i = 0; i < width; i++) {
      int col = i;
      double[] v = rows.stream().mapToDouble(x -> x[col]).sorted().toArray();
      out[i] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
    return out;
  }

  private static boolean post(HttpClient client, ServiceProcess svc, byte[] gzip) throws Exception {
    return client
            .send(IngestBodies.request(svc.url(), gzip), HttpResponse.BodyHandlers.discarding())
            .statusCode()
        == 200;
  }
}
