package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.T0;
import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.model.WriteResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deletion on request and by retention. */
public abstract class DeletionSuite extends StorageSuite {
  @Test
  void deleteSessionRemovesEventsMarkersAndTraceLinks() {
    String session = randomId("s");
    String trace = writeSessionWithMarkersAndLinks(PROJECT, session, T0, null);
    assertTrue(storage().deletion().deleteSession(PROJECT, session));
    assertNothingLeft(PROJECT, session, trace);
    assertFalse(storage().deletion().deleteSession(PROJECT, session));
  }

  @Test
  void aBatchOfADeletedSessionArrivingLaterStartsItAgain() {
    String session = randomId("s");
    writeSessionWithMarkersAndLinks(PROJECT, session, T0, null);
    assertTrue(storage().deletion().deleteSession(PROJECT, session));
    WriteResult again = write(session, "w-window-1", 0, recording(T0, 1));
    assertEquals(new WriteResult(3, false), again, "its key was deleted with it");
    assertEquals(
        3, storage().sessions().session(Set.of(PROJECT), session).orElseThrow().eventCount());
  }

  @Test
  void deleteUserSessionsRemovesOnlyThatUsersSessionsInTheGivenProjects() {
    String user = randomId("user");
    String mine = randomId("s");
    String mineToo = randomId("s");
    String mineElsewhere = randomId("s");
    String someoneElse = randomId("s");
    String trace = writeSessionWithMarkersAndLinks(PROJECT, mine, T0, user);
    String trace2 = writeSessionWithMarkersAndLinks(PROJECT, mineToo, T0 + 5000, user);
    writeSessionWithMarkersAndLinks(OTHER, mineElsewhere, T0, user);
    writeSessionWithMarkersAndLinks(PROJECT, someoneElse, T0, null);
    assertEquals(2, storage().deletion().deleteUserSessions(List.of(PROJECT), user));
    assertNothingLeft(PROJECT, mine, trace);
    assertNothingLeft(PROJECT, mineToo, trace2);
    assertTrue(storage().sessions().session(Set.of(OTHER), mineElsewhere).isPresent());
    assertTrue(storage().sessions().session(Set.of(PROJECT), someoneElse).isPresent());
    assertFalse(storage().markers().markers(PROJECT, someoneElse).isEmpty());
  }

  @Test
  void purgeRemovesSessionsEndedBeforeCutoffInBoundedBatches() {
    String project = randomId("p").substring(0, 30);
    String old1 = randomId("s");
    String old2 = randomId("s");
    String fresh = randomId("s");
    String trace1 = writeSessionWithMarkersAndLinks(project, old1, T0, null);
    String trace2 = writeSessionWithMarkersAndLinks(project, old2, T0 + 10, null);
    writeSessionWithMarkersAndLinks(project, fresh, T0 + 100_000, null);
    assertEquals(1, storage().deletion().purgeEndedBefore(project, T0 + 50_000, 1));
    assertEquals(1, storage().deletion().purgeEndedBefore(project, T0 + 50_000, 1));
    assertEquals(0, storage().deletion().purgeEndedBefore(project, T0 + 50_000, 1));
    assertNothingLeft(project, old1, trace1);
    assertNothingLeft(project, old2, trace2);
    assertTrue(storage().sessions().session(Set.of(project), fresh).isPresent());
    assertFalse(storage().events().events(project, fresh, null).isEmpty());
  }
}
