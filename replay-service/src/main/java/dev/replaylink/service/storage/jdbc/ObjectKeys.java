package dev.replaylink.service.storage.jdbc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * Object keys of recording chunks: {@code
 * <prefix>/<project>/<yyyy>/<mm>/<dd>/<session>/<window>/<name>}, the date (UTC) that of the first
 * event the object holds. Per-project and per-day prefixes let bucket lifecycle rules, listings and
 * backups pick a project or a period. Every object gets a random part: a key is written once and
 * never reused, so a retried or losing upload can be deleted without touching the one that won.
 */
final class ObjectKeys {
  private ObjectKeys() {}

  /** The object of one ingest batch's chunks. */
  static String batch(
      String prefix, String project, String sessionId, String windowId, long seq, long firstTs) {
    return session(prefix, project, sessionId, firstTs)
        + windowId
        + "/"
        + seq
        + "-"
        + random()
        + ".chunks";
  }

  /** The object of a compacted window, or of a window's chunks moved from the database. */
  static String window(
      String prefix, String project, String sessionId, String windowId, String kind, long firstTs) {
    return session(prefix, project, sessionId, firstTs)
        + windowId
        + "/"
        + kind
        + "-"
        + random()
        + ".chunks";
  }

  /**
   * The project and session an object key of this layout names, {project, session}; null for a key
   * that does not follow it (no chunk row points at such a key).
   */
  static String[] owner(String prefix, String key) {
    if (!key.startsWith(prefix)) {
      return null;
    }
    String[] parts = key.substring(prefix.length()).split("/", -1);
    return parts.length == 7 ? new String[] {parts[0], parts[4]} : null;
  }

  private static String session(String prefix, String project, String sessionId, long firstTs) {
    ZonedDateTime day = Instant.ofEpochMilli(firstTs).atZone(ZoneOffset.UTC);
    return String.format(
        "%s%s/%04d/%02d/%02d/%s/",
        prefix, project, day.getYear(), day.getMonthValue(), day.getDayOfMonth(), sessionId);
  }

  private static String random() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
