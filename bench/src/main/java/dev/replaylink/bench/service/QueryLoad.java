package dev.replaylink.bench.service;

import dev.replaylink.testsupport.ServiceProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Read latency with a large index: 100,000 sessions and 1,000,000 trace links seeded with JDBC into
 * the service's migrated schema, then {@code GET /api/v1/traces/{id}} and session searches over
 * HTTP, one request at a time (latency, not throughput).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.replaylink.bench.service.QueryLoad --db both</pre>
 */
public final class QueryLoad {
  private QueryLoad() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a =
        BenchArgs.parse(
            args, "db", "jar", "sessions", "links", "requests", "budget", "markers", "warmup");
    Duration budget = a.duration("budget", "15s");
    // every shape in turn before any is measured: with 8 s the JIT was still compiling while the
    // first shapes were measured, and the trivial endpoint's p99 was twice that of later rounds
    Duration warmup = a.duration("warmup", "20s");
    Path jar = a.path("jar", BenchService.DEFAULT_JAR);
    int sessions = a.integer("sessions", 100_000);
    int links = a.integer("links", 1_000_000);
    int requests = a.integer("requests", 1_000);
    int markers = a.integer("markers", 4);
    Figures figures = new Figures("query", ("QueryLoad " + String.join(" ", args)).trim());
    for (String kind : a.databases("both")) {
      BenchDatabase db = BenchDatabase.fresh(kind);
      try (ServiceProcess migrate = BenchService.start(jar, db, "512m")) {
        System.out.println(db.label() + ": schema migrated by the service");
      }
      long now = System.currentTimeMillis();
      System.out.printf(
          "%s: seeding %,d sessions, %,d trace links and %d markers per session with JDBC%n",
          db.label(), sessions, links, markers);
      try (Connection c = db.connect()) {
        QuerySeed.seed(c, sessions, links, markers, now);
        if (kind.equals("pg")) {
          c.createStatement().execute("ANALYZE");
        }
      }
      try (ServiceProcess svc = BenchService.start(jar, db, "512m");
          KeepAliveClient client = new KeepAliveClient(svc.url(), BenchService.API_TOKEN)) {
        Random random = new Random(7);
        Map<String, IntFunction<String>> shapes = new LinkedHashMap<>();
        // the noise floor: what any request costs on this machine right now (HTTP, routing, the
        // client); liveness runs no health check
        shapes.put(NOISE_FLOOR, i -> "/health/liveness");
        shapes.put("GET /health (database and disk checks)", i -> "/health");
        IntFunction<String> traceLookup =
            i -> "/api/v1/traces/" + QuerySeed.traceId(random.nextInt(links));
        shapes.put(TRACE_LOOKUP, traceLookup);
        shapes.put("search: newest 20", i -> "/api/v1/sessions?limit=20");
        shapes.put(
            "search: by user",
            i -> "/api/v1/sessions?limit=20&userId=" + QuerySeed.userId(random.nextInt(sessions)));
        shapes.put("search: with errors", i -> "/api/v1/sessions?limit=20&hasError=true");
        shapes.put(
            "search: by trace ID",
            i -> "/api/v1/sessions?limit=20&traceId=" + QuerySeed.traceId(random.nextInt(links)));
        shapes.put(
            "search: one-day window",
            i -> {
              long from = now - (1 + random.nextInt(28)) * 86_400_000L;
              return "/api/v1/sessions?limit=20&from=" + from + "&to=" + (from + 86_400_000L);
            });
        shapes.put(
            "search: errors of one user",
            i ->
                "/api/v1/sessions?limit=20&hasError=true&userId="
                    + URLEncoder.encode(
                        QuerySeed.userId(random.nextInt(sessions)), StandardCharsets.UTF_8));
        Fetch plain = client::get;
        warmUp(plain, shapes, warmup);
        double worstSearch = 0;
        String worstShape = "";
        double floorP99 = Double.NaN;
        for (var shape : shapes.entrySet()) {
          Latencies lat = measure(plain, shape.getKey(), shape.getValue(), requests, budget);
          boolean trace = shape.getKey().equals(TRACE_LOOKUP);
          if (shape.getKey().equals(NOISE_FLOOR)) {
            floorP99 = lat.percentileMs(99);
            figures.row(
                Figures.f("%s — %s (noise floor of this run)", NOISE_FLOOR, db.label()),
                Figures.f(
                    "p50 %.2f ms, p99 %.2f ms (%d requests)",
                    lat.percentileMs(50), lat.percentileMs(99), lat.size()),
                "",
                "",
                "");
            continue;
          }
          if (trace) {
            figures.headline(
                "3a" + kind,
                "Trace lookup p99, " + db.label() + Figures.f(" (%,d links)", links),
                Figures.f(
                    "%.1f ms (p50 %.1f ms); noise floor `%s` p99 %.1f ms in the same run",
                    lat.percentileMs(99), lat.percentileMs(50), NOISE_FLOOR, floorP99),
                "≤ 5 ms",
                lat.percentileMs(99) <= 5,
                "[Query](#3-query)");
          } else if (shape.getKey().startsWith("GET /health")) {
            // a reference, not a search
          } else if (lat.percentileMs(99) > worstSearch) {
            worstSearch = lat.percentileMs(99);
            worstShape = shape.getKey();
          }
          figures.row(
              Figures.f(
                  "%s — %s, %,d sessions, %,d trace links",
                  shape.getKey(), db.label(), sessions, links),
              Figures.f(
                  "p50 %.2f ms, p99 %.2f ms (%d requests)",
                  lat.percentileMs(50), lat.percentileMs(99), lat.size()),
              "",
              "",
              trace ? "p99 ≤ 5 ms" : "p99 ≤ 50 ms");
        }
        figures.headline(
            "3b" + kind,
            "Session search p99, worst query shape, "
                + db.label()
                + Figures.f(" (%,d sessions)", sessions),
            Figures.f(
                "%.1f ms (%s); noise floor `%s` p99 %.1f ms in the same run",
                worstSearch, worstShape, NOISE_FLOOR, floorP99),
            "≤ 50 ms",
            worstSearch <= 50,
            "[Query](#3-query)");
        // the same lookups through the JDK's client, which this benchmark used before: what the
        // client itself adds to every request
        Latencies jdk =
            measure(
                jdkClient(svc.url()),
                TRACE_LOOKUP + " via java.net.http",
                traceLookup,
                requests,
                budget);
        figures.row(
            Figures.f(
                "%s via java.net.http.HttpClient — %s (the client's share)",
                TRACE_LOOKUP, db.label()),
            Figures.f(
                "p50 %.2f ms, p99 %.2f ms (%d requests)",
                jdk.percentileMs(50), jdk.percentileMs(99), jdk.size()),
            "",
            "",
            "");
      }
    }
    figures.write();
  }

  private static final String NOISE_FLOOR = "GET /health/liveness";
  private static final String TRACE_LOOKUP = "GET /api/v1/traces/{id}";

  /** One GET of a path on the service, returning its status and body. */
  @FunctionalInterface
  private interface Fetch {
    KeepAliveClient.Response get(String pathAndQuery) throws Exception;
  }

  /**
   * The JDK's client as this benchmark used it before (HTTP/1.1, a 30 s timeout); not {@link
   * ServiceProcess#get}, whose client offers HTTP/2 and so would measure another exchange.
   */
  private static Fetch jdkClient(String base) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return path -> {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Authorization", "Bearer " + BenchService.API_TOKEN)
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new KeepAliveClient.Response(r.statusCode(), r.body());
    };
  }

  /**
   * JIT, connection pool and database caches: every query shape in turn for a while, nothing
   * recorded.
   */
  private static void warmUp(Fetch client, Map<String, IntFunction<String>> shapes, Duration time)
      throws Exception {
    System.out.println("  warming up for " + time.toSeconds() + "s");
    long end = System.nanoTime() + time.toNanos();
    for (int i = 0; System.nanoTime() < end; i++) {
      for (IntFunction<String> path : shapes.values()) {
        client.get(path.apply(i));
      }
    }
  }

  /**
   * Up to {@code requests} measured requests after a warm-up, stopping early when the time budget
   * is spent.
   */
  private static Latencies measure(
      Fetch client, String label, IntFunction<String> path, int requests, Duration budget)
      throws Exception {
    List<Latencies> one = new ArrayList<>();
    Latencies lat = new Latencies();
    one.add(lat);
    int warmup = 20;
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    long nextReport = start + 2_000_000_000L;
    for (int i = -warmup; i < requests && (i < 10 || System.nanoTime() < deadline); i++) {
      String pathAndQuery = path.apply(i);
      long t0 = System.nanoTime();
      KeepAliveClient.Response r = client.get(pathAndQuery);
      long t = System.nanoTime() - t0;
      if (r.status() != 200) {
        throw new IllegalStateException(
            label + ": " + pathAndQuery + " answered " + r.status() + " " + r.body());
      }
      if (i >= 0) {
        lat.add(t);
      }
      if (System.nanoTime() >= nextReport) {
        System.out.printf("  [%s] %d/%d%n", label, i + warmup + 1, requests + warmup);
        nextReport += 2_000_000_000L;
      }
    }
    Latencies merged = Latencies.merge(one);
    System.out.printf(
        "  %s: p50 %.2f ms, p99 %.2f ms (%d requests)%n",
        label, merged.percentileMs(50), merged.percentileMs(99), merged.size());
    return merged;
  }
}
