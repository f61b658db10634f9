package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.testsupport.S3Server;
import dev.replaylink.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The recordings stores side by side on realistic sessions ({@code SeekBench --store database,s3}):
 * one service per store on a fresh database of its own, recordings of the s3 one in a bucket of a
 * real S3 API server in this process ({@link S3Server}), the same synthetic sessions (a batch every
 * 5 s, a checkout every 5 minutes) uploaded to both. For each session, as ingested and again after
 * compaction ({@code POST /api/v1/sessions/{id}/compact}): the events API 20 s before the end, as
 * the replay page asks (JSON answered, object bytes and GETs the S3 server served, time to the last
 * byte), and, as ingested, the replay page in Chromium there (time to the player drawn at the
 * moment), the stores taking turns. Then what each database holds, table by table, as the growth
 * from its empty schema ({@link StoreFootprint}).
 */
public final class StoreSeek {
  private StoreSeek() {}

  /** One uploaded session. */
  private record Session(String id, int minutes, long start, long end, long raw) {}

  /** One events read: JSON bytes, object bytes and GETs the S3 server served, median wall time. */
  private record Read(
      long json, long objectBytes, long gets, double millis, double min, double max) {
    @Override
    public String toString() {
      return Figures.f(
          "%,d B JSON, %,d B objects in %d GETs, %.0f ms (%.0f–%.0f)",
          json, objectBytes, gets, millis, min, max);
    }
  }

  public static void run(BenchArgs a, List<String> stores, String command) throws Exception {
    if (!stores.equals(List.of("database", "s3"))) {
      throw new IllegalArgumentException("--store compares database,s3; got " + stores);
    }
    Figures figures = new Figures("stores-seek", command);
    try (S3Server s3 = S3Server.create()) {
      List<String> kinds = a.databases("h2");
      for (String kind : kinds) {
        // the browser and the seek's overview rows on the first database only
        measure(a, kind, kind.equals(kinds.get(0)), s3, figures);
      }
    }
    figures.write();
  }

  private static void measure(BenchArgs a, String kind, boolean first, S3Server s3, Figures figures)
      throws Exception {
    RecordingFixture fixture =
        RecordingFixture.load(a.path("fixture", RecordingFixture.DEFAULT_PATH));
    int runs = a.integer("runs", 3);
    Path jar = a.path("jar", BenchService.DEFAULT_JAR);
    String bucket = S3Server.freshBucket();
    StorePair dbs = new StorePair(kind, jar, BenchBucket.sweptServiceProperties(s3, bucket));
    String label = kind.equals("h2") ? "H2 (file)" : "PostgreSQL";
    StoreFootprint[] empty = dbs.footprints();
    List<Session> sessions = new ArrayList<>();
    long raw = 0;
    dbs.start();
    try {
      for (String m : a.text("minutes", "60,180").split(",")) {
        int minutes = Integer.parseInt(m.trim());
        long start = System.currentTimeMillis() - (minutes + 5) * 60_000L;
        List<List<ObjectNode>> batches =
            SyntheticSession.batches(fixture, start, minutes * 60_000L, 3);
        long end = SyntheticSession.end(batches);
        long bytes = 0;
        for (List<ObjectNode> b : batches) {
          bytes += RecordingFixture.rawBytes(b);
        }
        String id = "seek-" + minutes + "-" + Long.toString(System.currentTimeMillis(), 36);
        System.out.printf("uploading a %d-minute session to both stores%n", minutes);
        CompletableFuture<Long> other =
            CompletableFuture.supplyAsync(() -> upload(dbs.database.url(), id, batches));
        upload(dbs.s3.url(), id, batches);
        other.join();
        sessions.add(new Session(id, minutes, start, end, bytes));
        raw += bytes;
      }
      for (Session s : sessions) {
        seekRows(figures, label, s, dbs, s3, runs, "as ingested", first);
        if (first && !"false".equals(a.text("browser", "true"))) {
          pageRows(figures, label, s, dbs, runs, a.text("node", "node"));
        }
      }
    } finally {
      dbs.stop();
    }
    StoreFootprint[] ingested = dbs.footprints();
    long objectsIngested = s3.objectBytes(bucket);
    dbs.start();
    try {
      for (Session s : sessions) {
        dbs.compact(s.id);
      }
      for (Session s : sessions) {
        seekRows(figures, label, s, dbs, s3, runs, "compacted", false);
      }
      BenchBucket.awaitSwept(s3, bucket);
    } finally {
      dbs.stop();
    }
    StoreFootprint[] compacted = dbs.footprints();
    double mb = raw / 1e6;
    String what =
        Figures.f(
            "%s, %d sessions of %s minutes", label, sessions.size(), a.text("minutes", "60,180"));
    footprintRows(
        figures, kind, what + ", as ingested", ingested, empty, objectsIngested / mb, mb, "a");
    footprintRows(
        figures,
        kind,
        what + ", compacted",
        compacted,
        empty,
        s3.objectBytes(bucket) / mb,
        mb,
        "b");
  }

  private static long upload(String url, String id, List<List<ObjectNode>> batches) {
    try {
      return new SessionUpload(url).send(id, id + "-window", batches);
    } catch (Exception e) {
      throw new IllegalStateException("upload to " + url + " failed", e);
    }
  }

  private static void footprintRows(
      Figures figures,
      String kind,
      String what,
      StoreFootprint[] now,
      StoreFootprint[] empty,
      double objectsPerMb,
      double mb,
      String order) {
    StoreFootprint db = now[0].minus(empty[0]);
    StoreFootprint ob = now[1].minus(empty[1]);
    System.out.printf(
        "  %s: database store %s%n  %s: s3 store %s%n", what, db.bytes(), what, ob.bytes());
    double dbRec = db.recordings() / mb;
    double obRec = ob.recordings() / mb;
    figures.row(
        "Database bytes per raw MB for the recordings (chunk table), s3 store vs database store — "
            + what,
        Figures.f(
            "s3 store %,.0f bytes (%s) + %,.0f object bytes in the bucket",
            obRec, ob.perRawMb(mb, true), objectsPerMb),
        Figures.f("database store %,.0f bytes (%s)", dbRec, db.perRawMb(mb, true)),
        Figures.ratio(obRec, dbRec),
        "≤ 0.05×");
    figures.row(
        "Database bytes per raw MB for everything else (sessions, batch keys, markers, trace links), s3 store vs database store — "
            + what,
        Figures.f("s3 store %,.0f bytes (%s)", ob.rest() / mb, ob.perRawMb(mb, false)),
        Figures.f("database store %,.0f bytes (%s)", db.rest() / mb, db.perRawMb(mb, false)),
        Figures.ratio(ob.rest(), db.rest()),
        "");
    figures.headline(
        "2e" + kind + order,
        "Database bytes per raw MB for the recordings with recordings in S3 vs in the database, "
            + what,
        Figures.f(
            "%,.0f vs %,.0f bytes (%.1f%%); %,.0f object bytes per raw MB in the bucket",
            obRec, dbRec, 100 * obRec / dbRec, objectsPerMb),
        "≤ 5%",
        obRec <= 0.05 * dbRec,
        "[Stores](#8-recordings-in-s3)");
  }

  private static void seekRows(
      Figures figures,
      String label,
      Session s,
      StorePair dbs,
      S3Server s3,
      int runs,
      String state,
      boolean headline)
      throws Exception {
    String near = "?from=" + (s.end - 20_000);
    Read dbNear = read(dbs.database, s.id, near, runs, null);
    Read s3Near = read(dbs.s3, s.id, near, runs, s3);
    Read s3Whole = read(dbs.s3, s.id, "", 1, s3);
    System.out.printf(
        "  %d min, %s: database near end %s; s3 near end %s; s3 whole session %s%n",
        s.minutes, state, dbNear, s3Near, s3Whole);
    String what =
        Figures.f("20 s before the end of a %d-minute session, %s (%s)", s.minutes, state, label);
    figures.row(
        "Seek via the events API, s3 store vs database store — " + what,
        Figures.f(
            "s3: %,d KiB JSON, %,d KiB of objects in %d ranged GETs (whole session: %,d KiB of"
                + " objects)",
            s3Near.json / 1024, s3Near.objectBytes / 1024, s3Near.gets, s3Whole.objectBytes / 1024),
        Figures.f("database: %,d KiB JSON", dbNear.json / 1024),
        Figures.ratio(s3Near.json, dbNear.json),
        "bounded by the last checkout");
    figures.row(
        "Seek via the events API, time to the last byte, s3 store vs database store — " + what,
        Figures.f(
            "s3 %.0f ms (median of %d, range %.0f–%.0f)",
            s3Near.millis, runs, s3Near.min, s3Near.max),
        Figures.f(
            "database %.0f ms (median of %d, range %.0f–%.0f)",
            dbNear.millis, runs, dbNear.min, dbNear.max),
        Figures.ratio(s3Near.millis, dbNear.millis),
        "");
    if (headline) {
      figures.headline(
          "4s-" + s.minutes,
          "Seek with recordings in S3: objects read near the end of a "
              + s.minutes
              + "-minute session",
          Figures.f(
              "%,d KiB of %,d KiB stored for the session (%.0f%%) in %d ranged GETs; answer in %.0f"
                  + " ms vs %.0f ms from the database",
              s3Near.objectBytes / 1024,
              s3Whole.objectBytes / 1024,
              100.0 * s3Near.objectBytes / Math.max(1, s3Whole.objectBytes),
              s3Near.gets,
              s3Near.millis,
              dbNear.millis),
          "bounded by the last checkout",
          s3Near.objectBytes < s3Whole.objectBytes,
          "[Stores](#8-recordings-in-s3)");
    }
  }

  /** The replay page in Chromium near the end, the stores taking turns run by run. */
  private static void pageRows(
      Figures figures, String label, Session s, StorePair dbs, int runs, String node)
      throws Exception {
    List<SeekPage.Run> db = new ArrayList<>();
    List<SeekPage.Run> ob = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      db.addAll(SeekPage.open(node, dbs.database.url(), s.id, s.start, s.end, 1));
      ob.addAll(SeekPage.open(node, dbs.s3.url(), s.id, s.start, s.end, 1));
    }
    double[] d = stats(db.stream().mapToDouble(SeekPage.Run::shownMs).toArray());
    double[] o = stats(ob.stream().mapToDouble(SeekPage.Run::shownMs).toArray());
    double[] de = stats(db.stream().mapToDouble(SeekPage.Run::eventsMs).toArray());
    double[] oe = stats(ob.stream().mapToDouble(SeekPage.Run::eventsMs).toArray());
    System.out.printf("  %d min in Chromium: player drawn database %s, s3 %s%n", s.minutes, db, ob);
    String what = Figures.f("20 s before the end of a %d-minute session (%s)", s.minutes, label);
    figures.row(
        "Seek in Chromium: navigation to the player drawn at the moment, s3 store vs database store — "
            + what,
        Figures.f(
            "s3 %.0f ms (median of %d, range %.0f–%.0f; events response at %.0f ms)",
            o[0], runs, o[1], o[2], oe[0]),
        Figures.f(
            "database %.0f ms (range %.0f–%.0f; events response at %.0f ms)",
            d[0], d[1], d[2], de[0]),
        Figures.ratio(o[0], d[0]),
        s.minutes > 60 ? "≤ 1.5 s" : "≤ 1 s");
    figures.headline(
        "4t-" + s.minutes,
        "Seek with recordings in S3: player drawn in Chromium near the end of a "
            + s.minutes
            + "-minute session",
        Figures.f(
            "%.0f ms (median of %d, range %.0f–%.0f) vs %.0f ms (%.0f–%.0f) from the database",
            o[0], runs, o[1], o[2], d[0], d[1], d[2]),
        s.minutes > 60 ? "≤ 1.5 s" : "≤ 1 s",
        o[0] <= (s.minutes > 60 ? 1500 : 1000),
        "[Stores](#8-recordings-in-s3)");
  }

  /** Median, minimum, maximum. */
  private static double[] stats(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return new double[] {s[s.length / 2], s[0], s[s.length - 1]};
  }

  private static Read read(ServiceProcess svc, String id, String query, int runs, S3Server s3)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(svc.url() + "/api/v1/sessions/" + id + "/events" + query))
            .header("Authorization", "Bearer " + BenchService.API_TOKEN)
            .timeout(Duration.ofSeconds(60))
            .build();
    double[] millis = new double[runs];
    long json = 0;
    long objects = 0;
    long gets = 0;
    for (int i = 0; i < runs; i++) {
      long served0 = s3 == null ? 0 : s3.bytesServed();
      long gets0 = s3 == null ? 0 : s3.gets();
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      millis[i] = (System.nanoTime() - t0) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("events answered " + r.statusCode());
      }
      json = r.body().length;
      objects = s3 == null ? 0 : s3.bytesServed() - served0;
      gets = s3 == null ? 0 : s3.gets() - gets0;
    }
    double[] s = stats(millis);
    return new Read(json, objects, gets, s[0], s[1], s[2]);
  }
}
