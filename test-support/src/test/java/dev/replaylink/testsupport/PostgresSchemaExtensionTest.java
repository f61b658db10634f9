package dev.replaylink.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The extension as a build sees it: {@link Probe} run through the JUnit platform, once against the
 * test PostgreSQL and once against a port where nothing listens.
 */
class PostgresSchemaExtensionTest {
  /** A class that needs PostgreSQL; run only through {@link #run}. */
  static final class Probe {
    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension("rl_probe");

    static volatile String schemaSeen;

    @Test
    void connectionsUseTheFreshSchema() throws SQLException {
      try (Connection c = POSTGRES.schema().connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_schema()")) {
        rs.next();
        schemaSeen = rs.getString(1);
        assertEquals(POSTGRES.schema().name(), schemaSeen);
      }
    }

    @Test
    void theSchemaStartsEmpty() throws SQLException {
      try (Connection c = POSTGRES.schema().connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }

  /**
   * What the platform reported: per test or class, "skipped: reason", "SUCCESSFUL", "FAILED:
   * message".
   */
  static List<String> run(Map<String, String> parameters) {
    List<String> outcomes = new ArrayList<>();
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionSkipped(TestIdentifier id, String reason) {
            outcomes.add(id.getDisplayName() + " skipped: " + reason);
          }

          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.getSource().isPresent() && !id.getDisplayName().equals("JUnit Jupiter")) {
              outcomes.add(
                  id.getDisplayName()
                      + " "
                      + result.getStatus()
                      + result.getThrowable().map(t -> ": " + t.getMessage()).orElse(""));
            }
          }
        };
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Probe.class))
                .configurationParameters(parameters)
                .build(),
            listener);
    return outcomes;
  }

  static String unreachableUrl() throws IOException {
    return "jdbc:postgresql://127.0.0.1:" + ServiceProcess.freePort() + "/test";
  }

  @Test
  void unreachableServerSkipsTheClassWithTheReason() throws IOException {
    String url = unreachableUrl();
    // required=false stated here: CI's environment sets REPLAYLINK_TEST_PG_REQUIRED=true, and a
    // parameter wins over it.
    List<String> outcomes =
        run(Map.of("replaylink.test.pg.url", url, "replaylink.test.pg.required", "false"));
    assertEquals(1, outcomes.size(), outcomes.toString());
    assertTrue(
        outcomes
            .get(0)
            .startsWith(
                "PostgresSchemaExtensionTest$Probe skipped: PostgreSQL not reachable at " + url),
        outcomes.toString());
  }

  @Test
  void unreachableServerFailsTheClassWhenRequired() throws IOException {
    List<String> outcomes =
        run(
            Map.of(
                "replaylink.test.pg.url", unreachableUrl(), "replaylink.test.pg.required", "true"));
    assertEquals(1, outcomes.size(), outcomes.toString());
    assertTrue(
        outcomes.get(0).startsWith("PostgresSchemaExtensionTest$Probe FAILED: "),
        outcomes.toString());
    assertTrue(outcomes.get(0).contains("PostgreSQL not reachable at"), outcomes.toString());
  }

  @Test
  void reachableServerRunsTheTestsInAFreshSchemaDroppedAfterwards() throws SQLException {
    try (PostgresSchema check = PostgresSchema.create("rl_probe_check")) {
      Probe.schemaSeen = null;
      List<String> outcomes = run(Map.of());
      assertEquals(
          List.of(
              "PostgresSchemaExtensionTest$Probe SUCCESSFUL",
              "connectionsUseTheFreshSchema() SUCCESSFUL",
              "theSchemaStartsEmpty() SUCCESSFUL"),
          outcomes.stream().sorted().toList());
      assertTrue(Probe.schemaSeen.startsWith("rl_probe_"), Probe.schemaSeen);
      try (Connection c = check.connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '"
                      + Probe.schemaSeen
                      + "'")) {
        rs.next();
        assertFalse(rs.getInt(1) > 0, "schema " + Probe.schemaSeen + " dropped after the class");
      }
    }
  }
}
