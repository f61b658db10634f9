package dev.replaylink.bench.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaylink.testsupport.S3Server;
import dev.replaylink.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Stored bytes ÷ raw JSON bytes, for the recorded fixture and a synthetic 60-minute session: what
 * replay-service actually stores (sum of chunk payloads) after ingest over HTTP and after
 * compaction (triggered through the admin API, with the service CPU it took and a check that the
 * events read back are unchanged), and offline, what other layouts and codecs would store and the
 * CPU they cost per raw MB.
 *
 * <p>With {@code --store s3} the recordings go to a bucket of an S3 API server in this process
 * (S3Proxy, filesystem backend): what is stored is then the object byte ranges the chunk index
 * points to, checked against the bytes the bucket holds once compaction's old objects are swept
 * (figures in {@code storage-s3}; the offline comparison is the same as the database store's and is
 * not repeated).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.replaylink.bench.service.StorageRatio --db h2</pre>
 */
public final class StorageRatio {
  private StorageRatio() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, "db", "jar", "fixture", "minutes", "store");
    String store = a.text("store", "database");
    if (!store.equals("database") && !store.equals("s3")) {
      throw new IllegalArgumentException("--store is database or s3, not " + store);
    }
    boolean inS3 = store.equals("s3");
    Path jar = a.path("jar", BenchService.DEFAULT_JAR);
    int minutes = a.integer("minutes", 60);
    RecordingFixture fixture =
        RecordingFixture.load(a.path("fixture", RecordingFixture.DEFAULT_PATH));
    String command = ("StorageRatio " + String.join(" ", args)).trim();
    Figures figures = new Figures(inS3 ? "storage-s3" : "storage", command);

    long start = System.currentTimeMillis() - 2 * 3_600_000L;
    Map<String, List<List<ObjectNode>>> sets = new LinkedHashMap<>();
    sets.put("fixture", splitByTime(fixture.copyAt(start, new java.util.Random(1))));
    sets.put(
        minutes + "-minute session",
        SyntheticSession.batches(fixture, start, minutes * 60_000L, 2));

    String kind = a.text("db", "h2");
    BenchDatabase db = BenchDatabase.fresh(kind);
    Map<String, String> ids = new LinkedHashMap<>();
    Map<String, Compacted> compacted = new LinkedHashMap<>();
    S3Server s3 = inS3 ? S3Server.create() : null; // started
    String bucket = S3Server.freshBucket();
    Map<String, String> properties =
        s3 == null ? Map.of() : BenchBucket.sweptServiceProperties(s3, bucket);
    try (ServiceProcess svc = BenchService.start(jar, db, "512m", properties, kind + "-" + store)) {
      SessionUpload upload = new SessionUpload(svc.url());
      // a copy of the fixture, compacted first and not reported, so that class loading and the
      // first JIT compilations of compaction do not land in the figures of the first session
      String warmUp = "storage-warm-up-" + Long.toString(System.currentTimeMillis(), 36);
      upload.send(warmUp, warmUp + "-window", sets.get("fixture"));
      compact(svc, warmUp, raw(sets.get("fixture")), start, lastTimestamp(sets.get("fixture")));
      int n = 0;
      for (var e : sets.entrySet()) {
        String id = "storage-" + (n++) + "-" + Long.toString(System.currentTimeMillis(), 36);
        ids.put(e.getKey(), id);
        System.out.printf("uploading %s: %d batches%n", e.getKey(), e.getValue().size());
        upload.send(id, id + "-window", e.getValue());
      }
      for (var e : ids.entrySet()) {
        compacted.put(
            e.getKey(),
            compact(
                svc,
                e.getValue(),
                raw(sets.get(e.getKey())),
                start + minutes * 60_000L * 9 / 10,
                lastTimestamp(sets.get(e.getKey()))));
      }
      if (s3 != null) {
        System.out.printf(
            "bucket after compaction and sweep: %,d objects, %,d bytes%n",
            BenchBucket.awaitSwept(s3, bucket), s3.objectBytes(bucket));
      }
      if (kind.equals("pg")) {
        figuresFromDatabase(db, sets, ids, compacted, figures, s3, bucket);
      }
    }
    if (kind.equals("h2")) {
      figuresFromDatabase(db, sets, ids, compacted, figures, s3, bucket);
    }
    if (s3 == null) {
      ServiceCodec codec = ServiceCodec.load(jar);
      for (var e : sets.entrySet()) {
        offline(e.getKey(), e.getValue(), codec, figures);
      }
    } else {
      s3.close();
    }
    figures.write();
  }

  /** What compacting one session did, from the service's answer, and the service CPU it took. */
  record Compacted(
      long chunksBefore,
      long chunksAfter,
      long bytesBefore,
      long bytesAfter,
      long cpuNanos,
      long wallNanos,
      Reads readBefore,
      Reads readAfter) {}

  /** Repeated reads of the events from the last checkout: median and range, in ms. */
  record Reads(double median, double min, double max, int bytes) {
    String text() {
      return Figures.f("%.1f ms (range %.1f–%.1f)", median, min, max);
    }
  }

  /** Reads from the last checkout repeated (after a few unmeasured ones to warm the service). */
  private static Reads timeReads(HttpClient client, String url) throws Exception {
    for (int i = 0; i < 5; i++) {
      get(client, url);
    }
    List<Double> ms = new ArrayList<>();
    int bytes = 0;
    for (int i = 0; i < READS; i++) {
      long t0 = System.nanoTime();
      bytes = get(client, url).length();
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    java.util.Collections.sort(ms);
    return new Reads(ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1), bytes);
  }

  private static final int READS = 25;

  /**
   * Compacts a session through the admin API, checking that the events the API returns (from the
   * start and from a moment near the end) are byte for byte the same afterwards.
   */
  private static Compacted compact(
      ServiceProcess svc, String sessionId, long raw, long seekTo, long lastTs) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String events = svc.url() + "/api/v1/sessions/" + sessionId + "/events";
    String late = events + "?from=" + seekTo;
    String last = events + "?from=" + lastTs;
    String beforeAll = get(client, events);
    String beforeLate = get(client, late);
    String beforeLast = get(client, last);
    Reads readBefore = timeReads(client, last);
    long cpu0 = svc.cpuNanos();
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(svc.url() + "/api/v1/sessions/" + sessionId + "/compact"))
                .header("Authorization", "Bearer " + BenchService.API_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long wall = System.nanoTime() - t0;
    long cpu = svc.cpuNanos() - cpu0;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "compaction of " + sessionId + " failed: " + r.statusCode() + " " + r.body());
    }
    if (!beforeAll.equals(get(client, events))
        || !beforeLate.equals(get(client, late))
        || !beforeLast.equals(get(client, last))) {
      throw new IllegalStateException("the events of " + sessionId + " differ after compaction");
    }
    Reads readAfter = timeReads(client, last);
    JsonNode j = RecordingFixture.JSON.readTree(r.body());
    Compacted c =
        new Compacted(
            j.get("chunksBefore").asLong(),
            j.get("chunksAfter").asLong(),
            j.get("bytesBefore").asLong(),
            j.get("bytesAfter").asLong(),
            cpu,
            wall,
            readBefore,
            readAfter);
    System.out.printf(
        "read from the last checkout of %s (%,d bytes): %s before, %s after compaction%n",
        sessionId, readAfter.bytes(), readBefore.text(), readAfter.text());
    System.out.printf(
        "compacted %s: %d → %d chunks, %,d → %,d bytes, %d ms, %d ms service CPU (%.1f ms per raw MB); events unchanged%n",
        sessionId,
        c.chunksBefore,
        c.chunksAfter,
        c.bytesBefore,
        c.bytesAfter,
        wall / 1_000_000,
        cpu / 1_000_000,
        cpu / 1e6 / (raw / 1e6));
    return c;
  }

  private static String get(HttpClient client, String url) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + BenchService.API_TOKEN)
                .timeout(Duration.ofMinutes(2))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + ": " + r.statusCode());
    }
    return r.body();
  }

  private static void figuresFromDatabase(
      BenchDatabase db,
      Map<String, List<List<ObjectNode>>> sets,
      Map<String, String> ids,
      Map<String, Compacted> compacted,
      Figures figures,
      S3Server s3,
      String bucket)
      throws Exception {
    String where = s3 == null ? db.label() : db.label() + ", recordings in S3";
    String idSuffix = s3 == null ? "" : "s";
    try (Connection c = db.connect()) {
      if (s3 != null) {
        // every stored byte is in a range the chunk index points to: what the bucket holds beyond
        // that would be objects the sweep has not deleted
        long ranges;
        try (ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT COALESCE(SUM(byte_length), 0) FROM rl_chunks")) {
          rs.next();
          ranges = rs.getLong(1);
        }
        long held = s3.objectBytes(bucket);
        System.out.printf(
            "chunk index ranges %,d bytes, bucket %,d bytes (%s)%n",
            ranges, held, held == ranges ? "equal" : "the bucket holds more: not swept yet");
        figures.row(
            "Bucket bytes after compaction and sweep ÷ bytes the chunk index points to — all"
                + " sessions of the run ("
                + where
                + ")",
            Figures.f("%,d ÷ %,d bytes", held, ranges),
            "",
            Figures.ratio(held, ranges),
            "1.00×");
      }
      for (var e : sets.entrySet()) {
        long stored = 0;
        long chunks = 0;
        long inBlocks = 0;
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM rl_chunks WHERE session_id = ? AND codec IN (3, 4)")) {
          ps.setString(1, ids.get(e.getKey()));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            inBlocks = rs.getLong(1);
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(COALESCE(OCTET_LENGTH(payload), byte_length)), 0)"
                    + " FROM rl_chunks WHERE session_id = ?")) {
          ps.setString(1, ids.get(e.getKey()));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            chunks = rs.getLong(1);
            stored = rs.getLong(2);
          }
        }
        Compacted k = compacted.get(e.getKey());
        if (stored != k.bytesAfter || chunks != k.chunksAfter) {
          throw new IllegalStateException(
              e.getKey()
                  + ": the database holds "
                  + chunks
                  + " chunks, "
                  + stored
                  + " bytes; compaction reported "
                  + k.chunksAfter
                  + ", "
                  + k.bytesAfter);
        }
        long raw = raw(e.getValue());
        int wholeGzip = ChunkFormats.deflate(concat(e.getValue()), 6);
        System.out.printf(
            "%s: %,d raw JSON bytes, %,d stored in %d chunks as ingested (%.1f%%), %,d in %d chunks after compaction (%.1f%%)%n",
            e.getKey(),
            raw,
            k.bytesBefore,
            k.chunksBefore,
            100.0 * k.bytesBefore / raw,
            stored,
            chunks,
            100.0 * stored / raw);
        String details =
            s3 == null ? "[Storage](#2-storage)" : "[Storage in S3](#8-recordings-in-s3)";
        String of = e.getKey() + (s3 == null ? "" : ", recordings in S3");
        figures.headline(
            "2" + e.getKey().charAt(0) + idSuffix,
            "Stored ÷ raw JSON, " + of,
            pct(stored, raw) + " after compaction (" + pct(k.bytesBefore, raw) + " as ingested)",
            "≤ 10%",
            stored <= raw / 10,
            details);
        figures.headline(
            "2" + e.getKey().charAt(0) + "g" + idSuffix,
            "Stored after compaction vs gzip -6 of the whole session as one file, " + of,
            pct(stored, raw)
                + " vs "
                + pct(wholeGzip, raw)
                + " ("
                + Figures.ratio(stored, wholeGzip)
                + ")",
            "≤ 1.00×",
            stored <= wholeGzip,
            details);
        figures.row(
            "Stored ÷ raw JSON — "
                + e.getKey()
                + " ("
                + where
                + ", as ingested: "
                + k.chunksBefore
                + " chunks)",
            pct(k.bytesBefore, raw),
            "gzip -6 of the whole session as one file: " + pct(wholeGzip, raw),
            Figures.ratio(k.bytesBefore, wholeGzip),
            "≤ 10%");
        figures.row(
            "Stored ÷ raw JSON — "
                + e.getKey()
                + " ("
                + where
                + ", after compaction: "
                + chunks
                + " chunks, one per checkout"
                + (inBlocks > 0 ? ", " + inBlocks + " of them in blocks" : "")
                + ")",
            pct(stored, raw),
            "gzip -6 of the whole session as one file: " + pct(wholeGzip, raw),
            Figures.ratio(stored, wholeGzip),
            "≤ 10%");
        figures.row(
            "Compaction of the " + e.getKey() + " (POST …/compact, " + where + ")",
            Figures.f("%.1f ms service CPU per raw MB", k.cpuNanos / 1e6 / (raw / 1e6)),
            Figures.f(
                "%d ms CPU, %d ms wall for %,d raw JSON bytes",
                k.cpuNanos / 1_000_000, k.wallNanos / 1_000_000, raw),
            "",
            "");
        figures.row(
            "Events from the last checkout of the "
                + e.getKey()
                + " ("
                + where
                + ", GET …/events?from=<last event>, median of "
                + READS
                + ", "
                + k.readAfter.bytes()
                + " bytes), after compaction",
            k.readAfter.text(),
            "as ingested, same run: " + k.readBefore.text(),
            Figures.ratio(k.readAfter.median(), k.readBefore.median()),
            "");
      }
      if (db.kind().equals("h2")) {
        c.createStatement().execute("CHECKPOINT SYNC");
      }
    }
    if (db.kind().equals("h2")) {
      Path file = Path.of(db.url().replaceAll("jdbc:h2:file:([^;]+).*", "$1") + ".mv.db");
      long total = 0;
      for (var e : sets.values()) {
        total += raw(e);
      }
      total += raw(sets.get("fixture")); // the warm-up copy
      figures.row(
          "H2 database file ÷ raw JSON"
              + (s3 == null ? "" : ", recordings in S3")
              + " — both sessions and the fixture's warm-up copy after compaction, incl. indexes and free space",
          pct(Files.size(file), total),
          "",
          "",
          "");
    }
  }

  /**
   * Offline comparison of layouts and codecs for one session: size ÷ raw and encode CPU per raw MB.
   */
  private static void offline(
      String name, List<List<ObjectNode>> batches, ServiceCodec service, Figures figures) {
    long raw = raw(batches);
    List<byte[]> perBatchChunks = new ArrayList<>();
    List<List<String>> perBatchTexts = new ArrayList<>();
    for (List<ObjectNode> batch : batches) {
      for (List<ObjectNode> chunk : cutAtCheckouts(batch)) {
        perBatchChunks.add(ChunkFormats.framed(utf8(chunk)));
        List<String> texts = new ArrayList<>();
        chunk.forEach(
            e ->
                texts.add(
                    new String(RecordingFixture.json(e), java.nio.charset.StandardCharsets.UTF_8)));
        perBatchTexts.add(texts);
      }
    }
    long serviceSize = 0;
    for (List<String> texts : perBatchTexts) {
      serviceSize += service.encodedSize(texts);
    }
    long rounds0 = 0;
    long s0 = System.nanoTime();
    while (rounds0 < 1 || (System.nanoTime() - s0 < 300_000_000L && rounds0 < 100)) {
      for (List<String> texts : perBatchTexts) {
        service.encodedSize(texts);
      }
      rounds0++;
    }
    double serviceMs = (System.nanoTime() - s0) / 1e6 / rounds0 / (raw / 1e6);
    System.out.printf(
        "%s, as ingested, service ChunkCodec (current format): %.1f%%, %.1f ms CPU per raw MB%n",
        name, 100.0 * serviceSize / raw, serviceMs);
    figures.row(
        "Offline service ChunkCodec (current format), as ingested (one chunk per batch and checkout) — "
            + name,
        pct(serviceSize, raw),
        "",
        "",
        Figures.f("encode %.1f ms CPU per raw MB", serviceMs));
    List<byte[]> perCheckout = new ArrayList<>();
    List<ObjectNode> all = new ArrayList<>();
    batches.forEach(all::addAll);
    for (List<ObjectNode> segment : cutAtCheckouts(all)) {
      perCheckout.add(ChunkFormats.framed(utf8(segment)));
    }
    if (service.hasMerged()) {
      List<List<String>> segments = new ArrayList<>();
      for (List<ObjectNode> segment : cutAtCheckouts(all)) {
        List<String> texts = new ArrayList<>();
        segment.forEach(
            e ->
                texts.add(
                    new String(RecordingFixture.json(e), java.nio.charset.StandardCharsets.UTF_8)));
        segments.add(texts);
      }
      long size = 0;
      for (List<String> texts : segments) {
        size += service.mergedSize(texts);
      }
      long rounds = 0;
      long t0 = System.nanoTime();
      while (rounds < 1 || (System.nanoTime() - t0 < 300_000_000L && rounds < 100)) {
        for (List<String> texts : segments) {
          service.mergedSize(texts);
        }
        rounds++;
      }
      double ms = (System.nanoTime() - t0) / 1e6 / rounds / (raw / 1e6);
      System.out.printf(
          "%s, merged per checkout, service ChunkCodec (compaction): %.1f%%, %.1f ms CPU per raw MB%n",
          name, 100.0 * size / raw, ms);
      figures.row(
          "Offline service ChunkCodec (compaction), merged per checkout — " + name,
          pct(size, raw),
          "",
          "",
          Figures.f("encode %.1f ms CPU per raw MB", ms));
    }
    if (service.hasBlock()) {
      List<String> texts = new ArrayList<>();
      all.forEach(
          e ->
              texts.add(
                  new String(RecordingFixture.json(e), java.nio.charset.StandardCharsets.UTF_8)));
      int own = cutAtCheckouts(all).get(0).size();
      long size = service.blockSize(texts, own);
      long rounds = 0;
      long t0 = System.nanoTime();
      while (rounds < 1 || (System.nanoTime() - t0 < 300_000_000L && rounds < 100)) {
        service.blockSize(texts, own);
        rounds++;
      }
      double ms = (System.nanoTime() - t0) / 1e6 / rounds / (raw / 1e6);
      System.out.printf(
          "%s, whole session as one block, service ChunkCodec (compaction): %.1f%%, %.1f ms CPU per raw MB%n",
          name, 100.0 * size / raw, ms);
      figures.row(
          "Offline service ChunkCodec (compaction of a short window), whole session as one block — "
              + name,
          pct(size, raw),
          "",
          "",
          Figures.f("encode %.1f ms CPU per raw MB", ms));
    }
    List<byte[]> whole = List.of(ChunkFormats.framed(utf8(all)));
    record Layout(String label, List<byte[]> parts) {}
    List<Layout> layouts =
        List.of(
            new Layout("as ingested (one chunk per batch and checkout)", perBatchChunks),
            new Layout("merged per checkout", perCheckout),
            new Layout("whole session as one file", whole));
    record Codec(String label, ToIntFunction<byte[]> encode) {}
    List<Codec> codecs =
        new ArrayList<>(
            List.of(
                new Codec("gzip -6", d -> ChunkFormats.deflate(d, 6)),
                new Codec("zstd -3", d -> ChunkFormats.zstd(d, 3)),
                new Codec("zstd -9", d -> ChunkFormats.zstd(d, 9))));
    if (raw < 1_000_000) {
      codecs.add(
          new Codec(
              "zstd -19", d -> ChunkFormats.zstd(d, 19))); // seconds per MB: only for the small set
    }
    for (Layout layout : layouts) {
      for (Codec codec : codecs) {
        long size = 0;
        for (byte[] p : layout.parts) {
          size += codec.encode.applyAsInt(p);
        }
        long rounds = 0;
        long t0 = System.nanoTime();
        while (rounds < 1 || System.nanoTime() - t0 < 300_000_000L) {
          for (byte[] p : layout.parts) {
            codec.encode.applyAsInt(p);
          }
          rounds++;
          if (rounds >= 100) {
            break;
          }
        }
        double msPerMb = (System.nanoTime() - t0) / 1e6 / rounds / (raw / 1e6);
        System.out.printf(
            "%s, %s, %s: %.1f%% (%,d parts), %.1f ms CPU per raw MB%n",
            name, layout.label, codec.label, 100.0 * size / raw, layout.parts.size(), msPerMb);
        figures.row(
            "Offline " + codec.label + ", " + layout.label + " — " + name,
            pct(size, raw),
            "",
            "",
            Figures.f("encode %.1f ms CPU per raw MB", msPerMb));
      }
    }
  }

  /** Splits events into batches by 5-second windows, as the recorder flushes them. */
  private static List<List<ObjectNode>> splitByTime(List<ObjectNode> events) {
    List<List<ObjectNode>> out = new ArrayList<>();
    long windowEnd = Long.MIN_VALUE;
    for (ObjectNode e : events) {
      long ts = e.get("timestamp").asLong();
      if (out.isEmpty() || ts >= windowEnd) {
        out.add(new ArrayList<>());
        windowEnd = ts + SyntheticSession.BATCH_MS;
      }
      out.get(out.size() - 1).add(e);
    }
    return out;
  }

  /**
   * The service's chunking rule: a new chunk at every Meta event directly followed by a
   * FullSnapshot.
   */
  static List<List<ObjectNode>> cutAtCheckouts(List<ObjectNode> events) {
    List<List<ObjectNode>> out = new ArrayList<>();
    int begin = 0;
    for (int i = 1; i <= events.size(); i++) {
      boolean boundary =
          i == events.size()
              || (i + 1 < events.size()
                  && events.get(i).get("type").asInt() == 4
                  && events.get(i + 1).get("type").asInt() == 2);
      if (boundary) {
        out.add(events.subList(begin, i));
        begin = i;
      }
    }
    return out;
  }

  private static List<byte[]> utf8(List<ObjectNode> events) {
    List<byte[]> out = new ArrayList<>(events.size());
    for (ObjectNode e : events) {
      out.add(RecordingFixture.json(e));
    }
    return out;
  }

  private static byte[] concat(List<List<ObjectNode>> batches) {
    List<ObjectNode> all = new ArrayList<>();
    batches.forEach(all::addAll);
    return RecordingFixture.json(all);
  }

  private static long lastTimestamp(List<List<ObjectNode>> batches) {
    long last = Long.MIN_VALUE;
    for (List<ObjectNode> b : batches) {
      for (ObjectNode e : b) {
        last = Math.max(last, e.get("timestamp").asLong());
      }
    }
    return last;
  }

  private static long raw(List<List<ObjectNode>> batches) {
    long n = 0;
    for (List<ObjectNode> b : batches) {
      n += RecordingFixture.rawBytes(b);
    }
    return n;
  }

  private static String pct(long part, long whole) {
    return Figures.f("%.1f%%", 100.0 * part / whole);
  }
}
