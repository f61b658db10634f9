package dev.replaylink.service.jobs;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.batch;
import static dev.replaylink.service.TestObjects.fullSnapshot;
import static dev.replaylink.service.TestObjects.incremental;
import static dev.replaylink.service.TestObjects.indexed;
import static dev.replaylink.service.TestObjects.meta;
import static dev.replaylink.service.TestObjects.network;
import static dev.replaylink.service.TestObjects.randomId;
import static dev.replaylink.service.TestObjects.randomTraceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.auth.Project;
import dev.replaylink.service.metrics.ServiceMeters;
import dev.replaylink.service.storage.StorageBackend;
import dev.replaylink.service.storage.StorageComponent;
import dev.replaylink.testsupport.PostgresSchemaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retention job as several instances run it: two jobs (two owners, as two service instances) on
 * one PostgreSQL schema. Time is a test clock, so "once per interval" is checked exactly.
 */
class RetentionJobTest {
  @RegisterExtension
  static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension("rl_retention");

  private static StorageBackend backend;
  private static DataSource dataSource;

  @BeforeAll
  static void startBackend() {
    backend = StorageBackend.on(POSTGRES.schema());
    dataSource = backend.dataSource();
  }

  @AfterAll
  static void stopBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  @BeforeEach
  void noLeaseYet() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM rl_job_leases")) {
      ps.executeUpdate();
    }
  }

  /** An instance of the service: its own storage objects and job, the shared database. */
  static RetentionJob instance(
      List<Project> projects, Duration interval, AtomicLong clock, int chunk) {
    return new RetentionJob(
        backend.storage().deletion(),
        () -> projects,
        backend.storage().jobLeases(),
        interval,
        clock::get,
        chunk);
  }

  static Project project(String name, int retentionDays) {
    return new Project(name, new byte[32], List.of("*"), retentionDays, List.of());
  }

  @Test
  void twoInstancesRunRetentionOncePerIntervalWhateverTheirSchedules() {
    List<Project> projects = List.of(project(randomId("p").substring(0, 30), 30));
    long start = System.currentTimeMillis();
    AtomicLong clock = new AtomicLong(start);
    Duration interval = Duration.ofSeconds(1);
    RetentionJob a = instance(projects, interval, clock, 10);
    RetentionJob b = instance(projects, interval, clock, 10);
    Map<String, RetentionJob> jobs = Map.of("a", a, "b", b);
    List<String> runs = new ArrayList<>();
    // 10 intervals, each instance trying every 100 ms (far more often than its interval); which one
    // tries first alternates per interval
    for (int step = 0; step < 100; step++) {
      clock.set(start + step * 100L);
      List<String> order = (step / 10) % 2 == 0 ? List.of("a", "b") : List.of("b", "a");
      for (String name : order) {
        if (jobs.get(name).runOnce()) {
          runs.add(step * 100 + ":" + name);
        }
      }
    }
    assertEquals(
        List.of(
            "0:a", "1000:b", "2000:a", "3000:b", "4000:a", "5000:b", "6000:a", "7000:b", "8000:a",
            "9000:b"),
        runs);
  }

  @Test
  void aRunPurgesExpiredSessionsOverSeveralChunksAndLeavesNothingOfThem() throws SQLException {
    String name = randomId("p").substring(0, 30);
    List<Project> projects = List.of(project(name, 30));
    long now = System.currentTimeMillis();
    StorageComponent storage = backend.storage();
    List<String> expired = new ArrayList<>();
    List<String> traces = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String session = randomId("old");
      String trace = randomTraceId();
      storage
          .batches()
          .writeBatch(
              indexed(
                  name,
                  batch(
                      session,
                      "w-window-1",
                      0,
                      List.of(
                          meta(T0 + i, "https://shop.example.com/"),
                          fullSnapshot(T0 + i + 1),
                          network(T0 + i + 2, 500, trace)))));
      expired.add(session);
      traces.add(trace);
    }
    String fresh = randomId("new");
    storage
        .batches()
        .writeBatch(
            indexed(
                name,
                batch(
                    fresh,
                    "w-window-1",
                    0,
                    List.of(
                        meta(now - 1000, "https://shop.example.com/"),
                        fullSnapshot(now - 999),
                        incremental(now - 500)))));

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RetentionJob job =
        new RetentionJob(
            storage.deletion(),
            () -> projects,
            storage.jobLeases(),
            Duration.ofHours(1),
            () -> now,
            3,
            new ServiceMeters(registry)::retentionDeleted);
    assertTrue(job.runOnce());
    assertEquals(
        8.0,
        registry.get(ServiceMeters.RETENTION_DELETED).tag("project", name).counter().count(),
        "sessions counted as deleted");
    for (int i = 0; i < expired.size(); i++) {
      String session = expired.get(i);
      assertTrue(storage.sessions().session(Set.of(name), session).isEmpty(), session);
      assertTrue(storage.events().events(name, session, null).isEmpty(), "events of " + session);
      assertTrue(storage.markers().markers(name, session).isEmpty(), "markers of " + session);
      assertTrue(
          storage.markers().traceLinks(Set.of(name), traces.get(i)).isEmpty(),
          "trace links of " + session);
    }
    assertEquals(
        0,
        count("SELECT COUNT(*) FROM rl_batches WHERE project = ? AND session_id LIKE 'old%'", name),
        "batch keys");
    assertEquals(
        0,
        count("SELECT COUNT(*) FROM rl_chunks WHERE project = ? AND session_id LIKE 'old%'", name),
        "chunks");
    assertEquals(3, storage.sessions().session(Set.of(name), fresh).orElseThrow().eventCount());
    assertFalse(
        instance(projects, Duration.ofHours(1), new AtomicLong(now + 1000), 3).runOnce(),
        "the next run is an interval later");
  }

  static long count(String sql, String project) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
