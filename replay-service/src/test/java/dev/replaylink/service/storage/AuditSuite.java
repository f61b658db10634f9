package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.replaylink.service.model.AuditEntry;
import dev.replaylink.service.model.AuditQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The access audit store: entries kept as written, newest first, filters, paging and retention. */
public abstract class AuditSuite extends StorageSuite {
  static final long NOW = 1_800_000_000_000L;

  @Test
  void entriesComeBackAsWrittenNewestFirstAndFiltered() {
    AuditStore audit = storage().audit();
    String who = randomId("who");
    String session = randomId("sess");
    audit.record(
        new AuditEntry(0, NOW, who, AuditEntry.VIEW, "shop", session, null, "203.0.113.7"));
    audit.record(
        new AuditEntry(0, NOW + 1, who, AuditEntry.EVENTS, "shop", session, null, "203.0.113.7"));
    audit.record(
        new AuditEntry(0, NOW + 1, who, AuditEntry.ERASE, null, null, "user-42", "203.0.113.7"));

    List<AuditEntry> all =
        audit.search(new AuditQuery(who, null, null, null, null, 10, null, null));
    assertEquals(
        List.of(AuditEntry.ERASE, AuditEntry.EVENTS, AuditEntry.VIEW),
        all.stream().map(AuditEntry::action).toList(),
        "newest first; the same millisecond in the order written, newest first");
    AuditEntry view = all.get(2);
    assertEquals(
        new AuditEntry(view.id(), NOW, who, AuditEntry.VIEW, "shop", session, null, "203.0.113.7"),
        view);
    assertNull(all.get(0).project());
    assertEquals("user-42", all.get(0).userId());

    assertEquals(
        2, audit.search(new AuditQuery(who, session, null, null, null, 10, null, null)).size());
    assertEquals(
        1,
        audit
            .search(new AuditQuery(who, null, AuditEntry.VIEW, null, null, 10, null, null))
            .size());
    assertEquals(
        2,
        audit.search(new AuditQuery(who, null, null, NOW + 1, null, 10, null, null)).size(),
        "from is inclusive");
    assertEquals(
        1,
        audit.search(new AuditQuery(who, null, null, null, NOW + 1, 10, null, null)).size(),
        "to is exclusive");
  }

  @Test
  void pagesContinueAfterTheCursorWithoutGapsOrRepeats() {
    AuditStore audit = storage().audit();
    String who = randomId("who");
    for (int i = 0; i < 5; i++) {
      audit.record(
          new AuditEntry(
              0, NOW + i / 2, who, AuditEntry.EVENTS, "shop", "s" + i, null, "127.0.0.1"));
    }
    List<AuditEntry> first =
        audit.search(new AuditQuery(who, null, null, null, null, 2, null, null));
    assertEquals(3, first.size(), "one more than the limit tells a next page exists");
    AuditEntry last = first.get(1);
    List<AuditEntry> second =
        audit.search(new AuditQuery(who, null, null, null, null, 2, last.at(), last.id()));
    List<AuditEntry> third =
        audit.search(
            new AuditQuery(who, null, null, null, null, 2, second.get(1).at(), second.get(1).id()));
    List<String> sessions = new java.util.ArrayList<>();
    first.subList(0, 2).forEach(e -> sessions.add(e.sessionId()));
    second.subList(0, 2).forEach(e -> sessions.add(e.sessionId()));
    third.forEach(e -> sessions.add(e.sessionId()));
    assertEquals(List.of("s4", "s3", "s2", "s1", "s0"), sessions);
  }

  @Test
  void retentionDeletesOnlyOlderEntries() {
    AuditStore audit = storage().audit();
    String who = randomId("who");
    audit.record(new AuditEntry(0, 1000, who, AuditEntry.DELETE, "shop", "old", null, "127.0.0.1"));
    audit.record(new AuditEntry(0, NOW, who, AuditEntry.DELETE, "shop", "new", null, "127.0.0.1"));
    audit.deleteBefore(NOW);
    assertEquals(
        List.of("new"),
        audit.search(new AuditQuery(who, null, null, null, null, 10, null, null)).stream()
            .map(AuditEntry::sessionId)
            .toList());
  }
}
