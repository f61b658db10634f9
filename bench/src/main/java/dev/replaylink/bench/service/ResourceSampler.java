package dev.replaylink.bench.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Every {@code period}, what each instance's {@code /prometheus} says about its heap, threads and
 * connection pool (read with the metrics token, as a Prometheus server would), and how many client
 * connections PostgreSQL has open to the database. An instance that does not answer (killed) has no
 * sample for that tick. Runs on a daemon thread of its own until {@link #stop()}.
 */
final class ResourceSampler {
  /** One instance's meters at one time; NaN where the meter is absent. */
  record Sample(
      long nanos,
      String instance,
      double heapUsed,
      double heapAfterGc,
      double threads,
      double poolActive,
      double poolTotal) {}

  record DatabaseSample(long nanos, double connections) {}

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, String> instances;
  private final String token;
  private final Connection database;
  private final String databaseName;
  private final Duration period;
  private final List<Sample> samples = new ArrayList<>();
  private final List<DatabaseSample> databaseSamples = new ArrayList<>();
  private volatile boolean running = true;
  private Thread thread;

  /** {@code instances}: name to base URL. */
  ResourceSampler(
      Map<String, String> instances,
      String token,
      Connection database,
      String databaseName,
      Duration period) {
    this.instances = instances;
    this.token = token;
    this.database = database;
    this.databaseName = databaseName;
    this.period = period;
  }

  void start() {
    thread =
        new Thread(
            () -> {
              while (running) {
                long t = System.nanoTime();
                sampleOnce();
                long sleep = period.toNanos() - (System.nanoTime() - t);
                try {
                  Thread.sleep(Math.max(0, sleep / 1_000_000));
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "resource-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(10_000);
  }

  private void sampleOnce() {
    long now = System.nanoTime();
    for (Map.Entry<String, String> e : instances.entrySet()) {
      PrometheusText p = scrape(e.getValue());
      if (p == null) {
        continue;
      }
      double afterGc = p.sum("jvm_gc_live_data_size_bytes");
      if (!(afterGc > 0)) {
        afterGc =
            p.sum(
                "jvm_memory_used_bytes",
                l -> l.contains("area=\"heap\"") && (l.contains("Old") || l.contains("Tenured")));
      }
      Sample s =
          new Sample(
              now,
              e.getKey(),
              p.sum("jvm_memory_used_bytes", l -> l.contains("area=\"heap\"")),
              afterGc,
              p.sum("jvm_threads_live_threads"),
              p.sum("hikaricp_connections_active"),
              p.sum("hikaricp_connections"));
      synchronized (samples) {
        samples.add(s);
      }
    }
    try (PreparedStatement st =
        database.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
                + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
      st.setString(1, databaseName);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        synchronized (databaseSamples) {
          databaseSamples.add(new DatabaseSample(now, rs.getLong(1)));
        }
      }
    } catch (SQLException e) {
      System.err.println("  pg_stat_activity: " + e.getMessage());
    }
  }

  private PrometheusText scrape(String base) {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(base + "/prometheus"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> answer = client.send(r, HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200 ? PrometheusText.parse(answer.body()) : null;
    } catch (IOException down) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The mean of {@code measure} over {@code instance}'s samples in [from, to]; NaN when none. */
  double mean(String instance, long from, long to, ToDoubleFunction<Sample> measure) {
    return stat(instance, from, to, measure, false);
  }

  double max(String instance, long from, long to, ToDoubleFunction<Sample> measure) {
    return stat(instance, from, to, measure, true);
  }

  private double stat(
      String instance, long from, long to, ToDoubleFunction<Sample> measure, boolean max) {
    List<Double> values = new ArrayList<>();
    synchronized (samples) {
      for (Sample s : samples) {
        if (s.instance().equals(instance) && s.nanos() >= from && s.nanos() <= to) {
          values.add(measure.applyAsDouble(s));
        }
      }
    }
    return aggregate(values, max);
  }

  double databaseConnections(long from, long to, boolean max) {
    List<Double> values = new ArrayList<>();
    synchronized (databaseSamples) {
      for (DatabaseSample s : databaseSamples) {
        if (s.nanos() >= from && s.nanos() <= to) {
          values.add(s.connections());
        }
      }
    }
    return aggregate(values, max);
  }

  int count(String instance) {
    synchronized (samples) {
      return (int) samples.stream().filter(s -> s.instance().equals(instance)).count();
    }
  }

  private static double aggregate(List<Double> values, boolean max) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    return max
        ? values.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
        : values.stream().mapToDouble(Double::doubleValue).average().getAsDouble();
  }
}
