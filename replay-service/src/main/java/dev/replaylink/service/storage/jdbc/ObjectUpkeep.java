package dev.replaylink.service.storage.jdbc;

import dev.replaylink.service.storage.ObjectStore;
import dev.replaylink.service.storage.ObjectStore.StoredObject;
import dev.replaylink.service.storage.RecordingObjects;
import dev.replaylink.service.storage.jdbc.ChunkRows.ObjectRange;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link RecordingObjects} on the chunk index in the database and the object store. */
final class ObjectUpkeep implements RecordingObjects {
  private final Sql sql;
  private final ObjectStore objects;

  ObjectUpkeep(Sql sql, ObjectStore objects) {
    this.sql = sql;
    this.objects = objects;
  }

  @Override
  public int deleteQueued(int limit) {
    return ObjectDeletes.drain(sql, objects, limit);
  }

  @Override
  public Sweep sweepOrphans(String startAfter, int limit, long writtenBefore) {
    List<StoredObject> listed = objects.list(objects.keyPrefix(), startAfter, limit);
    List<String> old =
        listed.stream()
            .filter(o -> o.lastModified() < writtenBefore && !o.key().endsWith("/"))
            .map(StoredObject::key)
            .toList();
    Set<String> referenced = new HashSet<>();
    // by project, the sessions the keys name: the lookup goes through (project, session_id, ...)
    Map<String, Map<String, List<String>>> byProject = new HashMap<>();
    for (String key : old) {
      String[] owner = ObjectKeys.owner(objects.keyPrefix(), key);
      if (owner != null) {
        byProject
            .computeIfAbsent(owner[0], p -> new HashMap<>())
            .computeIfAbsent(owner[1], x -> new ArrayList<>())
            .add(key);
      }
    }
    for (Map.Entry<String, Map<String, List<String>>> project : byProject.entrySet()) {
      List<String> sessions = new ArrayList<>(project.getValue().keySet());
      for (int i = 0; i < sessions.size(); i += 200) {
        List<String> some = sessions.subList(i, Math.min(sessions.size(), i + 200));
        List<String> keys = some.stream().flatMap(x -> project.getValue().get(x).stream()).toList();
        for (int j = 0; j < keys.size(); j += 500) {
          List<Object> args = new ArrayList<>();
          args.add(project.getKey());
          String where =
              "project = ? AND "
                  + Sql.in("session_id", some, args)
                  + " AND "
                  + Sql.in("object_key", keys.subList(j, Math.min(keys.size(), j + 500)), args);
          referenced.addAll(
              sql.connection(
                  "find referenced objects",
                  c ->
                      Sql.query(
                          c,
                          "SELECT DISTINCT object_key FROM rl_chunks WHERE " + where,
                          args,
                          rs -> rs.getString(1))));
        }
      }
    }
    List<String> orphans = old.stream().filter(k -> !referenced.contains(k)).toList();
    objects.delete(orphans);
    String next = listed.size() < limit ? null : listed.get(listed.size() - 1).key();
    return new Sweep(listed.size(), orphans.size(), next);
  }

  @Override
  public Migration migrateFromDatabase(Collection<String> projects, int sessions) {
    List<Object> args = new ArrayList<>();
    String inProjects = Sql.in("project", projects, args);
    List<Object> limited = new ArrayList<>(args);
    limited.add(sessions);
    List<String[]> todo =
        sql.connection(
            "find sessions to move",
            c ->
                Sql.query(
                    c,
                    "SELECT DISTINCT project, session_id FROM rl_chunks"
                        + " WHERE payload IS NOT NULL AND "
                        + inProjects
                        + " ORDER BY project, session_id LIMIT ?",
                    limited,
                    rs -> new String[] {rs.getString(1), rs.getString(2)}));
    int chunks = 0;
    long bytes = 0;
    for (String[] s : todo) {
      List<String> windows =
          sql.connection(
              "find windows to move",
              c ->
                  Sql.query(
                      c,
                      "SELECT DISTINCT window_id FROM rl_chunks"
                          + " WHERE project = ? AND session_id = ? AND payload IS NOT NULL",
                      List.of(s[0], s[1]),
                      rs -> rs.getString(1)));
      for (String w : windows) {
        long[] moved =
            sql.transaction("move window to the object store", c -> moveWindow(c, s[0], s[1], w));
        chunks += (int) moved[0];
        bytes += moved[1];
      }
    }
    long remaining =
        sql.connection(
            "count chunks in the database",
            c ->
                Sql.number(
                    c,
                    "SELECT COUNT(*) FROM rl_chunks WHERE payload IS NOT NULL AND " + inProjects,
                    args));
    return new Migration(todo.size(), chunks, bytes, remaining);
  }

  /**
   * Under the session row lock (as writers, compaction and deletion take it): the window's chunks
   * still in the database go into one object, then their rows point at it. A failure after the
   * upload leaves the rows as they were and the object to the orphan sweep.
   */
  private long[] moveWindow(Connection c, String project, String sessionId, String windowId)
      throws SQLException {
    if (SessionRows.lock(c, project, sessionId) == null) {
      return new long[] {0, 0};
    }
    List<Object[]> rows =
        Sql.query(
            c,
            "SELECT id, first_ts, payload FROM rl_chunks WHERE project = ? AND session_id = ? AND window_id = ?"
                + " AND payload IS NOT NULL ORDER BY seq, part",
            List.of(project, sessionId, windowId),
            rs -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getBytes(3)});
    if (rows.isEmpty()) {
      return new long[] {0, 0};
    }
    String key =
        ObjectKeys.window(
            objects.keyPrefix(),
            project,
            sessionId,
            windowId,
            "moved",
            rows.stream().mapToLong(r -> (Long) r[1]).min().orElseThrow());
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    List<ObjectRange> ranges = new ArrayList<>();
    for (Object[] r : rows) {
      byte[] payload = (byte[]) r[2];
      ranges.add(new ObjectRange(key, object.size(), payload.length, payload[0]));
      object.writeBytes(payload);
    }
    objects.put(key, object.toByteArray());
    for (int i = 0; i < rows.size(); i++) {
      ObjectRange range = ranges.get(i);
      if (Sql.update(
              c,
              "UPDATE rl_chunks SET payload = NULL, object_key = ?, byte_offset = ?, byte_length = ?, codec = ?"
                  + " WHERE id = ? AND payload IS NOT NULL",
              range.key(),
              range.offset(),
              range.length(),
              (short) range.codec(),
              rows.get(i)[0])
          != 1) {
        throw new IllegalStateException(
            "A chunk of session " + sessionId + " changed while it was moved");
      }
    }
    return new long[] {rows.size(), object.size()};
  }
}
